namespace MaskingProxy.Benchmarks.Audit;

/// <summary><see cref="AuditBenchmarkConfig"/> on every core and pinned to one core.</summary>
public sealed class BothCoreCountsConfig() : AuditBenchmarkConfig(allCores: true, oneCore: true);
