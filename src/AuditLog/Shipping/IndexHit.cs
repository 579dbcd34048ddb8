using System.Text.Json;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>One search hit; <see cref="Source"/> is valid only until the pager moves on.</summary>
internal readonly record struct IndexHit(string Id, JsonElement Source);
