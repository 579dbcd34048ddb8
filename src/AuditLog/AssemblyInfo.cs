[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("MaskingProxy.Proxy.Tests")]

namespace MaskingProxy.AuditLog;
