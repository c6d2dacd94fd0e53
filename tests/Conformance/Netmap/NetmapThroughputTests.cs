using NUnit.Framework;
using Vnetconf.Conformance.Support;
using Vnetconf.Guest;
using Vnetconf.Scenarios;

namespace Vnetconf.Conformance.Netmap;

/// <summary>
/// Native against emulated adapter on the same guest path (<see cref="NetmapThroughput"/>): the median ratio of frames
/// per second a guest sends through netmap:eth0 that arrive on tap0, bounded by the profile (fixtures/profiles, VNETCONF_PROFILE).
/// </summary>
public sealed class NetmapThroughputTests() : NetmapGuestFixture(vnetHeader: true, new VirtioNetDeviceOptions(), needsNativeDriver: true)
{
    [Test]
    public void The_native_adapter_sends_at_least_the_profiles_ratio_of_the_emulated_adapters_frame_rate()
    {
        var (result, _) = NetmapReports.Throughput.Run(NetmapThroughput.Cell(() => Guest,
            () => ThroughputProfile.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "profiles"))));
        TestContext.Progress.WriteLine(string.Join(System.Environment.NewLine, result.Notes));
        result.ShouldBeAsDocumented();
    }
}
