namespace Vnetconf.Scenarios;

/// <summary>
/// A write the kernel must judge: bytes a guest (or an attacker in it) writes into the TAP, and which of the three
/// outcomes is documented for it — rejected by write() with an errno, accepted and then dropped somewhere, or
/// delivered to the far application.
/// </summary>
/// <param name="Name">the case as a sentence</param>
/// <param name="Compose">the bytes to write, header included, built from the lab's flow</param>
/// <param name="ExpectedOutcome">"rejected: EINVAL", "dropped" or "delivered"</param>
/// <param name="Reason">why, in words</param>
/// <param name="Source">the kernel function that decides it</param>
/// <param name="HeaderSize">the TAP's TUNSETVNETHDRSZ for this case</param>
/// <param name="TapDown">write while the TAP is administratively down</param>
public sealed record HostileHeaderCase(
    string Name,
    Func<HostileFrames, byte[]> Compose,
    string ExpectedOutcome,
    string Reason,
    string Source,
    int HeaderSize = 10,
    bool TapDown = false)
{
    public const string Outcome = "outcome";
    public const string Delivered = "delivered";
    public const string Dropped = "dropped";

    public static string Rejected(string errno) => $"rejected: {errno}";

    public string Id => "host.hostile." + string.Concat(Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    public Expectation Expect() => new Expectation().Add(Outcome, ExpectedOutcome, Reason, Source);

    public override string ToString() => Name;
}
