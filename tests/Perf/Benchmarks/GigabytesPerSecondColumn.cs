using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Vnetconf.Perf.Benchmarks;

/// <summary>
/// "GB/s": bytes per operation (from <see cref="IBytesPerOperation"/> with the case's parameters applied) over the
/// mean time per operation, in 10^9 bytes per second. Empty for benchmarks that declare no bytes per operation.
/// </summary>
public sealed class GigabytesPerSecondColumn : IColumn
{
    public string Id => nameof(GigabytesPerSecondColumn);
    public string ColumnName => "GB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "10^9 bytes processed per second: bytes per operation / mean time per operation";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = BytesPerOperation(benchmarkCase);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return bytes is null || mean is not > 0 ? "-" : $"{bytes.Value / mean.Value:F2}"; // bytes per ns = GB/s
    }

    /// <summary>Makes an instance with the case's parameters set, and asks it; null when the class does not say.</summary>
    private static int? BytesPerOperation(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        if (!typeof(IBytesPerOperation).IsAssignableFrom(type)) return null;
        var instance = (IBytesPerOperation)Activator.CreateInstance(type)!;
        foreach (var parameter in benchmarkCase.Parameters.Items)
            type.GetProperty(parameter.Name)?.SetValue(instance, parameter.Value);
        return instance.BytesPerOperation;
    }
}
