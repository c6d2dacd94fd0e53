namespace Vnetconf.Guest;

/// <summary>The accelerator the run uses and why, for the report.</summary>
public sealed record AccelerationChoice(Accelerator Accelerator, string Reason)
{
    public override string ToString() => $"{Accelerator.ToString().ToLowerInvariant()}: {Reason}";
}
