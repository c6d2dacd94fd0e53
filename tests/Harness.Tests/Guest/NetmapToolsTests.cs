using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;
using Vnetconf.Model;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Guest;

/// <summary>
/// The user's pkt-gen (--netmap-modules DIR,tools=DIR or VNETCONF_NETMAP_TOOLS): refused with the file and the fix unless
/// it is a static x86-64 ELF executable, carried by the build's identity, and said to be missing when it is.
/// </summary>
public sealed class NetmapToolsTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = System.IO.Directory.CreateTempSubdirectory("vnetconf-tools-").FullName;

    [TearDown]
    public void RemoveDirectory() => System.IO.Directory.Delete(directory, recursive: true);

    [Test]
    public void A_tools_directory_that_does_not_exist_is_refused_naming_it_and_the_fix()
    {
        var missing = Path.Combine(directory, "absent");

        var act = () => NetmapTools.Checked(missing);

        act.Should().Throw<ArgumentException>().WithMessage($"*{missing} does not exist*statically*");
    }

    [Test]
    public void A_tools_directory_without_pkt_gen_is_refused_naming_it_and_the_fix()
    {
        var act = () => NetmapTools.Checked(directory);

        act.Should().Throw<ArgumentException>().WithMessage($"*{directory} holds no pkt-gen*statically*");
    }

    [Test]
    public void A_pkt_gen_that_is_not_an_ELF_file_is_refused_naming_the_file()
    {
        File.WriteAllText(Path.Combine(directory, "pkt-gen"), "#!/bin/sh\necho not really pkt-gen\n");

        var act = () => NetmapTools.Checked(directory);

        act.Should().Throw<ArgumentException>().WithMessage($"*{Path.Combine(directory, "pkt-gen")} is not an ELF executable*");
    }

    [Test]
    public void A_dynamically_linked_pkt_gen_is_refused_since_the_guest_has_no_libc_for_it()
    {
        // /bin/ls of any glibc distribution names /lib64/ld-linux-x86-64.so.2 as its interpreter.
        if (NetmapTools.StaticExecutableProblem(File.ReadAllBytes("/bin/ls")) is null) Assert.Ignore("/bin/ls is static on this host");
        File.Copy("/bin/ls", Path.Combine(directory, "pkt-gen"));

        var act = () => NetmapTools.Checked(directory);

        act.Should().Throw<ArgumentException>().WithMessage("*is dynamically linked*");
    }

    [Test]
    public void A_kernel_module_offered_as_pkt_gen_is_not_an_executable()
    {
        // An ELF64 relocatable (e_type 1), as netmap.ko is: the header alone says so.
        var relocatable = new byte[64];
        "\u007fELF"u8.CopyTo(relocatable);
        (relocatable[4], relocatable[5], relocatable[16], relocatable[18]) = (2, 1, 1, 62);

        NetmapTools.StaticExecutableProblem(relocatable).Should().Contain("not an executable");
    }

    [Test]
    public void A_static_executable_is_taken_and_its_sha256_identifies_the_build()
    {
        // busybox-static, which the guest image needs anyway (setup/guest-fixtures), is a static x86-64 executable.
        if (!File.Exists(GuestImageBuilder.BusyboxPath)) Assert.Ignore($"no {GuestImageBuilder.BusyboxPath}: install busybox-static (setup/guest-fixtures)");
        File.Copy(GuestImageBuilder.BusyboxPath, Path.Combine(directory, "pkt-gen"));

        var tools = NetmapTools.Checked(directory);

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(GuestImageBuilder.BusyboxPath)));
        tools.PktGenSha256().Should().Be(expected);
        var identity = new NetmapBuildIdentity("A", []) { PktGenSha256 = expected };
        identity.EnvironmentEntries().Should().Contain(KeyValuePair.Create(EnvironmentKeys.NetmapPktGen, $"sha256 {expected}"));
        identity.Summary.Should().Contain($"pkt-gen {expected[..12]}");
    }

    [Test]
    public void A_build_without_pkt_gen_says_in_its_environment_that_the_cross_check_did_not_run_and_how_to_enable_it()
    {
        var entries = new NetmapBuildIdentity("A", []).EnvironmentEntries().ToDictionary();

        entries[EnvironmentKeys.NetmapPktGen].Should().StartWith("not run").And.Contain("tools=").And.Contain(NetmapTools.ToolsVariable);
    }

    [Test]
    public void The_option_takes_tools_beside_the_label_and_refuses_a_bad_tools_directory_naming_the_option()
    {
        if (!File.Exists(GuestImageBuilder.BusyboxPath)) Assert.Ignore($"no {GuestImageBuilder.BusyboxPath}: install busybox-static (setup/guest-fixtures)");
        File.Copy(GuestImageBuilder.BusyboxPath, Path.Combine(directory, "pkt-gen"));

        var build = NetmapGuestModules.FromOptions([$"/a,label=A,tools={directory}"]).Single();
        var refused = () => NetmapGuestModules.FromOptions([$"/a,tools={Path.Combine(directory, "absent")}"]);

        build.Label.Should().Be("A");
        build.Tools!.PktGenPath.Should().Be(Path.Combine(directory, "pkt-gen"));
        refused.Should().Throw<ArgumentException>().WithMessage("--netmap-modules /a,tools=*: netmap tools: *absent does not exist*");
    }

    [Test]
    public void The_tools_variable_applies_to_modules_given_by_the_environment()
    {
        Environment.SetEnvironmentVariable(NetmapTools.ToolsVariable, Path.Combine(directory, "absent"));
        try
        {
            var act = () => NetmapGuestModules.FromEnvironment("/given");

            act.Should().Throw<ArgumentException>().WithMessage("*absent does not exist*");
        }
        finally
        {
            Environment.SetEnvironmentVariable(NetmapTools.ToolsVariable, null);
        }
    }
}
