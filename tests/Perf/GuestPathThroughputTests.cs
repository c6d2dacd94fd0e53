using System.Diagnostics;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Perf.Reporting;
using Vnetconf.Scenarios;

namespace Vnetconf.Perf;

/// <summary>
/// Bulk TCP through virtio-net, guest TX and RX, with bounds from the profile (fixtures/profiles, VNETCONF_PROFILE):
/// the offloads carry more bytes per second than the same path without them. Two guests are booted side by side, one
/// on a TAP with IFF_VNET_HDR and one without (QEMU's vnet_hdr follows the TAP's flags), so their trials interleave
/// and a busy host's drift falls on every row alike; the guest's TSO is switched with ethtool through the agent,
/// without a reboot. Under TCG every row is slow; the bounds are floors against a collapse of the offload path.
/// </summary>
[Category("Perf")]
[Category("PerfLong")]
[NonParallelizable]
public sealed class GuestPathThroughputTests
{
    private ThroughputProfile profile = null!;
    private Measurement transmitTso = null!;
    private Measurement transmitNoTso = null!;
    private Measurement transmitNoVnetHeader = null!;
    private Measurement receive = null!;
    private Measurement receiveNoVnetHeader = null!;
    private Comparison vnetHeaderTransmit = null!;
    private Comparison tsoTransmit = null!;
    private Comparison vnetHeaderReceive = null!;

    [OneTimeSetUp]
    public void MeasureInterleavedTrials()
    {
        profile = ThroughputProfile.Load();
        var floors = profile.Floors;
        transmitTso = new Measurement("guest TX, vnet_hdr on, guest TSO on", Quantity.BitRate, floors?.GuestTransmitBitsPerSecond);
        transmitNoTso = new Measurement("guest TX, vnet_hdr on, guest TSO off (GSO in the guest)", Quantity.BitRate);
        transmitNoVnetHeader = new Measurement("guest TX, vnet_hdr off (no offloads offered)", Quantity.BitRate);
        receive = new Measurement("guest RX, vnet_hdr on (GUEST_TSO4 super-frames)", Quantity.BitRate, floors?.GuestReceiveBitsPerSecond);
        receiveNoVnetHeader = new Measurement("guest RX, vnet_hdr off (MTU frames)", Quantity.BitRate);
        vnetHeaderTransmit = new Comparison("guest TX: vnet_hdr+TSO vs vnet_hdr off", transmitTso, transmitNoVnetHeader, profile.GuestTransmitVnetHeaderOverNoneAtLeast);
        tsoTransmit = new Comparison("guest TX: TSO on vs off", transmitTso, transmitNoTso, profile.GuestTransmitTsoOnOverOffAtLeast);
        vnetHeaderReceive = new Comparison("guest RX: vnet_hdr on vs off", receive, receiveNoVnetHeader, profile.GuestReceiveVnetHeaderOverNoneAtLeast);

        var platform = PerfPrerequisites.RequireGuestPlatform();
        var clock = Stopwatch.StartNew();
        var (booted, bootedPlain) = BootSideBySide(platform);
        GuestLab? offloading = booted, plain = bootedPlain;
        var stalls = new List<string>();
        try
        {
            TestContext.Progress.WriteLine(offloading.Describe());
            TestContext.Progress.WriteLine(plain.Describe());
            foreach (var guest in new[] { booted, bootedPlain })
                GuestPathThroughput.Transmit(guest, TimeSpan.FromMilliseconds(300), profile.GuestTrialMaxBytes); // neighbours resolved, not counted
            if (GuestPathThroughput.SetGuestTso(bootedPlain.Agent, on: true))
                throw new InvalidOperationException("the guest without vnet_hdr has TSO active: QEMU should offer no HOST_TSO4 without a vnet header (virtio_net_get_features)");

            var rows = new (Measurement Row, bool VnetHeader, Func<GuestLab, ThroughputSample> Trial)[]
            {
                (transmitTso, true, guest => Transmit(guest, tso: true)),
                (transmitNoVnetHeader, false, guest => GuestPathThroughput.Transmit(guest, profile.GuestTrial, profile.GuestTrialMaxBytes)),
                (transmitNoTso, true, guest => Transmit(guest, tso: false)),
                (receive, true, guest => GuestPathThroughput.Receive(guest, profile.GuestTrial, profile.GuestTrialMaxBytes)),
                (receiveNoVnetHeader, false, guest => GuestPathThroughput.Receive(guest, profile.GuestTrial, profile.GuestTrialMaxBytes)),
            };
            for (var i = 0; i < profile.GuestTrials; i++) // odd trials run the rows backwards, so no row always goes first
                foreach (var (row, vnetHeader, trial) in i % 2 == 0 ? rows : Enumerable.Reverse(rows))
                {
                    try
                    {
                        row.Add(trial((vnetHeader ? offloading : plain)!));
                        continue;
                    }
                    catch (StalledTrialException stall) when (stalls.Count < AllowedStalls)
                    {
                        // A stalled guest stays stalled (its path takes nothing more), and a stall is no rate: it is
                        // reported with its evidence, the guest replaced by a fresh boot and the trial run again.
                        stalls.Add($"trial {i + 1} of '{row.Label}': {stall.Message.Split('\n')[0]}");
                        TestContext.Progress.WriteLine($"stalled, the guest is booted anew: {stall.Message}");
                    }
                    if (vnetHeader) Replace(ref offloading, platform);
                    else Replace(ref plain, platform);
                    row.Add(trial((vnetHeader ? offloading : plain)!));
                }
        }
        finally
        {
            offloading?.Dispose();
            plain?.Dispose();
        }

        var stalled = stalls.Count == 0 ? "no trial stalled" : $"{stalls.Count} trial stalled and ran again on a freshly booted guest ({string.Join("; ", stalls)})";
        PerfRun.Record(new PerfSection("Guest path (virtio-net, bulk TCP goodput)",
            $"profile '{profile.Name}', {profile.GuestTrials} interleaved trials of {profile.GuestTrial.TotalSeconds} s " +
            $"(at most {profile.GuestTrialMaxBytes / (1 << 20)} MiB) per row; {platform.Image.Kernel.Release} guests under {platform.Acceleration.Accelerator}, " +
            $"both booted side by side; bytes read by the receiving socket over the time from the send request to the stream's end; {stalled} " +
            $"(measured in {clock.Elapsed.TotalSeconds:F0} s, boots included)",
            [vnetHeaderTransmit, tsoTransmit, vnetHeaderReceive]));
    }

    [Test]
    public void Guest_TX_with_vnet_hdr_and_guest_TSO_carries_at_least_k_times_the_bytes_per_second_of_a_TAP_without_vnet_hdr() =>
        PerfBounds.AssertRatio(profile, vnetHeaderTransmit, profile.GuestTrials);

    [Test]
    public void Guest_TX_with_the_guests_TSO_on_carries_at_least_k_times_the_bytes_per_second_of_TSO_off() =>
        PerfBounds.AssertRatio(profile, tsoTransmit, profile.GuestTrials);

    [Test]
    public void Guest_RX_with_vnet_hdr_carries_at_least_k_times_the_bytes_per_second_of_a_TAP_without_vnet_hdr() =>
        PerfBounds.AssertRatio(profile, vnetHeaderReceive, profile.GuestTrials);

    [Test]
    public void The_guest_path_rates_stay_above_the_named_profiles_absolute_floors() =>
        PerfBounds.AssertFloors(profile, [transmitTso, receive]);

    /// <summary>One TX trial with the guest's TSO switched as asked, and checked: a row must not claim an offload the guest did not use.</summary>
    private ThroughputSample Transmit(GuestLab guest, bool tso)
    {
        var active = GuestPathThroughput.SetGuestTso(guest.Agent, tso);
        if (active != tso) throw new InvalidOperationException($"the guest's eth0 kept {GuestPathThroughput.GuestTsoFeature} {(active ? "on" : "off")} when asked for {(tso ? "on" : "off")}");
        return GuestPathThroughput.Transmit(guest, profile.GuestTrial, profile.GuestTrialMaxBytes);
    }

    /// <summary>
    /// How many stalled trials a measurement survives. Under TCG (QEMU 7.2, 6.1 guests) a guest's transmit path
    /// sometimes stops for good in a bulk trial (about one fixture in ten here: its SYNs no longer reach tap0, nothing
    /// is dropped, no watchdog fires); the cause is not known yet. One stall is reported and worked around; a second
    /// in the same measurement fails it, with the evidence.
    /// </summary>
    private const int AllowedStalls = 1;

    /// <summary>Shuts <paramref name="guest"/> down and boots a fresh one like it (same TAP flags, QEMU defaults), set up as the measurement's guests are.</summary>
    private void Replace(ref GuestLab? guest, GuestPlatform platform)
    {
        var stalled = guest!;
        guest = null; // disposed once, whether or not the new boot succeeds
        stalled.Dispose();
        guest = GuestLab.Boot(platform, stalled.VnetHeader, new VirtioNetDeviceOptions());
        GuestPathThroughput.Transmit(guest, TimeSpan.FromMilliseconds(300), profile.GuestTrialMaxBytes); // neighbours resolved, not counted
    }

    /// <summary>
    /// Boots the guest with vnet_hdr and the one without at once: TCG boots are CPU-bound and the host has two cores,
    /// so two side by side take little longer than one. A guest whose partner failed to boot is shut down before the
    /// failure propagates.
    /// </summary>
    private static (GuestLab VnetHeader, GuestLab NoVnetHeader) BootSideBySide(GuestPlatform platform)
    {
        var boots = new[] { true, false }.Select(vnetHeader => Task.Run(() => GuestLab.Boot(platform, vnetHeader, new VirtioNetDeviceOptions()))).ToArray();
        try
        {
            Task.WaitAll(boots);
        }
        catch
        {
            foreach (var boot in boots.Where(b => b.IsCompletedSuccessfully)) boot.Result.Dispose();
            throw;
        }
        return (boots[0].Result, boots[1].Result);
    }
}
