namespace MaskingProxy.Benchmarks.Audit;

/// <summary><see cref="AuditBenchmarkConfig"/> on every core (parameterless, for the Config attribute).</summary>
public sealed class AllCoresConfig() : AuditBenchmarkConfig(allCores: true, oneCore: false);
