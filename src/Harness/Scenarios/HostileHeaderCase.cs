using Vnetconf.Packets;

namespace Vnetconf.Scenarios;

/// <summary>
/// A write the kernel must judge: bytes a guest (or an attacker in it) writes into the TAP, and which of the three
/// outcomes is documented for it — rejected by write() with an errno, accepted and then dropped somewhere, or
/// delivered to the far application.
/// </summary>
/// <param name="Key">its id within the catalogue, chosen once and never derived from <paramref name="Name"/></param>
/// <param name="Name">the case as a sentence</param>
/// <param name="Compose">the bytes to write, header included, built from the lab's flow</param>
/// <param name="ExpectedOutcome">"rejected: EINVAL", "dropped" or "delivered"</param>
/// <param name="Reason">why, in words</param>
/// <param name="Source">the kernel function that decides it</param>
/// <param name="HeaderSize">the TAP's TUNSETVNETHDRSZ for this case</param>
/// <param name="TapDown">write while the TAP is administratively down</param>
/// <param name="Drop">for a dropped case: where it is dropped, as the counter that proves it</param>
public sealed record HostileHeaderCase(
    string Key,
    string Name,
    Func<HostileFrames, byte[]> Compose,
    string ExpectedOutcome,
    string Reason,
    string Source,
    int HeaderSize = 10,
    bool TapDown = false,
    DropCounter? Drop = null)
{
    public const string Outcome = "outcome";
    public const string Delivered = "delivered";
    public const string Dropped = "dropped";

    private const string RejectedPrefix = "rejected: ";

    public static string Rejected(string errno) => RejectedPrefix + errno;

    /// <summary>The case's stable id: chosen once as <see cref="Key"/>, so rewording <see cref="Name"/> never breaks comparison with older runs.</summary>
    public string Id => "host.hostile." + Key;

    /// <summary>The flow every case's frame belongs to: the guest to the far stack over IPv4.</summary>
    public static FlowEndpoints Flow => LabAddresses.GuestToStack(IpFamily.IPv4);

    public bool IsRejected => ExpectedOutcome.StartsWith(RejectedPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The outcome; for a write the kernel accepts, the frame it reads out of the write; for a dropped one, the
    /// counter that proves where it was dropped.
    /// </summary>
    public Expectation Expect()
    {
        var e = new Expectation().Add(Outcome, ExpectedOutcome, Reason, Source);
        if (!IsRejected)
            e.Add(DropAspects.TapFrame, DropAspects.FrameWords(Compose(new HostileFrames(Flow)).AsSpan(HeaderSize)),
                "the kernel takes exactly vnet_hdr_sz bytes of the write as the header and the rest as the frame", HostileHeaderCatalogue.HdrGet);
        if (ExpectedOutcome == Dropped)
        {
            var drop = Drop ?? throw new InvalidOperationException($"the dropped case '{Name}' names no counter that proves the drop");
            e.Add(DropAspects.Counter, drop.Expected, drop.Reason, drop.Source);
        }
        return e;
    }

    public override string ToString() => Name;
}
