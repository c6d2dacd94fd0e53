namespace Vnetconf.Scenarios;

/// <summary>
/// A documented behaviour: the value the kernel (or QEMU, or netmap) is expected to produce, why, and which
/// function implements it, so a report reads as documentation and a change after an upgrade points at code.
/// </summary>
public sealed record Expected<T>(T Value, string Reason, string Source)
{
    public override string ToString() => $"{Value} — {Reason} [{Source}]";
}
