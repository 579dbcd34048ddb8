namespace MaskingProxy.AuditLog;
