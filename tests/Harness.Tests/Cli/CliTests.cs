using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Cli;
using Vnetconf.Model;
using Vnetconf.Reporting;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Harness.Tests.Cli;

/// <summary>The command line's contract: every error path is one line and a distinct exit code, and --gate gates.</summary>
[NonParallelizable] // redirects the process's console
public sealed class CliTests
{
    private string directory = null!;
    private StringWriter stderr = null!;
    private TextWriter originalError = null!;

    [SetUp]
    public void CreateDirectory()
    {
        directory = Directory.CreateTempSubdirectory("vnetconf-cli-").FullName;
        originalError = Console.Error;
        stderr = new StringWriter();
        Console.SetError(stderr);
    }

    [TearDown]
    public void RemoveDirectory()
    {
        Console.SetError(originalError);
        stderr.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void An_unknown_option_is_one_line_and_exit_code_2()
    {
        Cli("run", "--bogus").Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().StartWith("vnetconf: ").And.Contain("--bogus");
    }

    [Test]
    public void An_unknown_command_is_exit_code_2() => Cli("frobnicate").Should().Be(ExitCodes.BadArguments);

    [Test]
    public void An_unknown_category_names_the_known_ones_and_is_exit_code_2()
    {
        Cli("run", "--category", "guest.bogus").Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().Contain("host.read").And.Contain("host.write").And.Contain("host.hostile")
            .And.Contain("guest.negotiation").And.Contain("guest.tx").And.Contain("guest.rx");
    }

    [Test]
    public void A_guest_release_the_suite_does_not_know_names_the_known_ones_and_is_exit_code_2()
    {
        Cli("run", "--guest", "99", "--output", directory).Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().Contain("--kernel 99").And.Contain("12 (bookworm)").And.Contain("13 (trixie)").And.Contain("sid").And.Contain("modules=DIR");
    }

    [Test]
    public void A_netmap_category_without_netmap_modules_names_the_option_and_is_exit_code_4()
    {
        Skip.Unless(HostCapabilities.HostLab); // the run checks the host lab first
        if (Vnetconf.Guest.NetmapGuestModules.FromEnvironment() is not null) Assert.Ignore($"{Vnetconf.Guest.NetmapGuestModules.ModulesVariable} is set: this run has modules");
        Cli("run", "--category", "netmap.rx", "--output", directory).Should().Be(ExitCodes.MissingPrerequisite);
        ErrorLine().Should().Contain("--netmap-modules").And.Contain(Vnetconf.Guest.NetmapGuestModules.ModulesVariable);
    }

    [Test]
    public void Vhost_without_vhost_net_names_the_fix_and_is_exit_code_4()
    {
        Skip.Unless(HostCapabilities.HostLab); // the run checks the host lab first
        if (GuestLab.Vhost.Gap is null) Assert.Ignore("this host has /dev/vhost-net: --vhost can run here");
        Cli("run", "--vhost", "--category", "guest.tx", "--output", directory).Should().Be(ExitCodes.MissingPrerequisite);
        ErrorLine().Should().Contain("--vhost").And.Contain("modprobe vhost_net");
    }

    [Test]
    public void A_QEMU_source_the_suite_does_not_know_names_the_known_ones_and_is_exit_code_2()
    {
        Cli("run", "--qemu", "cloud", "--output", directory).Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().Contain("--qemu cloud").And.Contain("host").And.Contain("container");
    }

    [TestCase("0")]
    [TestCase("1")]
    [TestCase("host,container")]
    [TestCase("Host")]
    public void A_QEMU_source_given_by_number_case_or_comma_list_is_refused_with_exit_code_2(string source)
    {
        Cli("run", "--qemu", source, "--output", directory).Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().Contain($"--qemu {source}").And.Contain("repeat --qemu");
    }

    [Test]
    public void Netmap_parameters_that_are_not_name_value_words_are_exit_code_2_even_with_the_option()
    {
        Environment.SetEnvironmentVariable(Vnetconf.Guest.NetmapGuestModules.ParametersVariable, "buf_num=4096; reboot");
        try
        {
            Cli("run", "--category", "netmap.rx", "--netmap-modules", directory, "--output", directory).Should().Be(ExitCodes.BadArguments);
            ErrorLine().Should().Contain(Vnetconf.Guest.NetmapGuestModules.ParametersVariable).And.Contain("buf_num=4096; reboot");
        }
        finally
        {
            Environment.SetEnvironmentVariable(Vnetconf.Guest.NetmapGuestModules.ParametersVariable, null);
        }
    }

    [TestCase("absent", null, "does not exist")]
    [TestCase("empty", null, "holds no netmap.ko")]
    [TestCase("not-elf", "not a module", "is not a kernel module")]
    public void Netmap_modules_that_cannot_be_loaded_are_one_line_and_exit_code_4_before_anything_runs(string name, string? netmapKo, string problem)
    {
        var modules = Path.Combine(directory, name);
        if (name != "absent") Directory.CreateDirectory(modules);
        if (netmapKo is not null) File.WriteAllText(Path.Combine(modules, Vnetconf.Guest.NetmapGuestModules.CoreFileName), netmapKo);
        var output = Path.Combine(directory, "out");

        Cli("run", "--category", "netmap.rx", "--netmap-modules", modules, "--output", output).Should().Be(ExitCodes.MissingPrerequisite);

        ErrorLine().Should().Contain(modules).And.Contain(problem);
        Directory.Exists(output).Should().BeFalse("nothing ran, so nothing is written");
    }

    [TestCase(null, "does not exist")]
    [TestCase("#!/bin/sh\n", "is not an ELF executable")]
    public void A_pkt_gen_that_cannot_run_in_the_guest_is_one_line_naming_the_file_and_exit_code_2(string? pktGen, string problem)
    {
        var tools = Path.Combine(directory, "tools");
        if (pktGen is not null)
        {
            Directory.CreateDirectory(tools);
            File.WriteAllText(Path.Combine(tools, Vnetconf.Guest.NetmapTools.PktGenFileName), pktGen);
        }
        var output = Path.Combine(directory, "out");

        Cli("run", "--category", "netmap.rx", "--netmap-modules", $"{directory},tools={tools}", "--output", output).Should().Be(ExitCodes.BadArguments);

        ErrorLine().Should().Contain(tools).And.Contain(problem).And.Contain("linked statically");
        Directory.Exists(output).Should().BeFalse("nothing ran, so nothing is written");
    }

    [Test]
    public void Netmap_modules_of_another_kernel_are_exit_code_4_not_a_pass_with_zero_cells()
    {
        Skip.Unless(HostCapabilities.HostLab); // the run checks the host lab first
        // A real kernel module (Debian 12's tun.ko, uncompressed in its package) offered as netmap.ko to Debian 13's 6.12 guest.
        var bookworm = Skip.Unless(Vnetconf.Guest.GuestPlatform.For(Vnetconf.Guest.GuestSettings.FromEnvironment() with
        {
            Kernel = new Vnetconf.Guest.KernelSpec.Debian(Vnetconf.Guest.DebianRelease.Bookworm),
        }));
        var modules = Directory.CreateDirectory(Path.Combine(directory, "modules")).FullName;
        File.Copy(Path.Combine(bookworm.Image.Kernel.ModulesDirectory, "kernel/drivers/net/tun.ko"), Path.Combine(modules, Vnetconf.Guest.NetmapGuestModules.CoreFileName));

        Cli("run", "--guest", "13", "--qemu", "host", "--category", "netmap.rx", "--netmap-modules", modules, "--output", Path.Combine(directory, "out"))
            .Should().Be(ExitCodes.MissingPrerequisite);

        stderr.ToString().Should().Contain("netmap.rx could not run").And.Contain($"built for '{bookworm.Image.Kernel.Release} ");
    }

    [Test]
    public void A_named_category_whose_cells_are_all_filtered_away_is_exit_code_2_naming_the_filter()
    {
        Cli("run", "--category", "host.read", "--category", "guest.tx", "--filter", "host.read.", "--output", directory).Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().Contain("guest.tx").And.Contain("--filter 'host.read.'");
    }

    [Test]
    public void Container_QEMU_without_an_engine_names_the_fix_and_is_exit_code_4()
    {
        Skip.Unless(HostCapabilities.HostLab); // the run checks the host lab first
        Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix://{Path.Combine(directory, "no-engine.sock")}");
        try
        {
            Cli("run", "--qemu", "container", "--category", "guest.negotiation", "--output", directory).Should().Be(ExitCodes.MissingPrerequisite);
            ErrorLine().Should().Contain("--qemu container").And.Contain("setup/container-fixtures");
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", null);
        }
    }

    [Test]
    public void An_unknown_QEMU_suite_names_the_known_suites_and_the_other_forms_and_is_exit_code_2()
    {
        Cli("run", "--qemu", "host", "--qemu", "buster", "--output", directory).Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().Contain("--qemu buster").And.Contain("unknown Debian release 'buster'").And.Contain("11 (bullseye)").And.Contain("sid")
            .And.Contain("PATH[,firmware=DIR]").And.Contain("NAME:TAG");
    }

    [Test]
    public void A_missing_QEMU_binary_is_named_and_exit_code_2_before_anything_is_written()
    {
        var output = Path.Combine(directory, "out");
        Cli("run", "--qemu", "host", "--qemu", $"{directory}/build/qemu-system-x86_64", "--output", output).Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().Contain($"no file {directory}/build/qemu-system-x86_64");
        Directory.Exists(output).Should().BeFalse();
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes
    public void A_QEMU_binary_that_is_not_executable_says_so_and_is_exit_code_2()
    {
        var qemu = Path.Combine(directory, "qemu-system-x86_64");
        File.WriteAllText(qemu, "#!/bin/sh\n");
        File.SetUnixFileMode(qemu, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Cli("run", "--qemu", qemu, "--output", directory).Should().Be(ExitCodes.BadArguments);
        ErrorLine().Should().Contain($"{qemu} is not executable").And.Contain("chmod +x");
    }

    [TestCase("echo 'QEMU emulator version 2.11.1(Debian 1:2.11+dfsg-1ubuntu7)'", "QEMU 2.11.1", "too old")]
    [TestCase("echo \"$0: error while loading shared libraries: libglib-2.0.so.0\" >&2; exit 127", "qemu-system-x86_64 --version exited with 127: error while loading", "libglib-2.0.so.0")]
    [TestCase("echo 'Hello'", "qemu-system-x86_64 --version: no QEMU version in 'Hello'", "give a QEMU built for this host")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes
    public void A_QEMU_binary_that_cannot_serve_the_lab_is_one_line_and_exit_code_4_leaving_nothing(string body, string problem, string detail)
    {
        Skip.Unless(HostCapabilities.HostLab); // the run checks the host lab first
        var qemu = Path.Combine(directory, "qemu-system-x86_64");
        File.WriteAllText(qemu, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(qemu, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var output = Path.Combine(directory, "out");

        Cli("run", "--qemu", qemu, "--category", "guest.negotiation", "--output", output).Should().Be(ExitCodes.MissingPrerequisite);

        ErrorLine().Should().Contain($"--qemu {qemu}").And.Contain(problem).And.Contain(detail);
        Directory.Exists(output).Should().BeFalse("no stack could run, so nothing is written");
    }

    [Test]
    public void A_QEMU_image_that_is_not_there_names_how_to_make_it_and_is_exit_code_4()
    {
        Skip.Unless(HostCapabilities.HostLab); // the run checks the host lab first
        if (Vnetconf.Container.ContainerEngine.Available.Gap is { } gap) Assert.Ignore($"the image is looked up in the engine: {gap}");
        Cli("run", "--qemu", "vnetconf-test/absent:never", "--category", "guest.negotiation", "--output", directory).Should().Be(ExitCodes.MissingPrerequisite);
        ErrorLine().Should().Contain("--qemu vnetconf-test/absent:never").And.Contain("no image vnetconf-test/absent:never").And.Contain("never pulled");
    }

    [Test]
    public void A_QEMU_image_without_qemu_system_x86_64_is_one_line_and_exit_code_4_leaving_no_container()
    {
        Skip.Unless(HostCapabilities.HostLab); // the run checks the host lab first
        if (Vnetconf.Container.ContainerEngine.Available.Gap is { } gap) Assert.Ignore($"the image is imported into the engine: {gap}");
        var image = $"vnetconf-test/no-qemu:{Environment.ProcessId}";
        using var client = new Docker.DotNet.DockerClientBuilder().WithEndpoint(new Uri(Vnetconf.Container.ContainerEngine.Endpoint)).Build();
        ImportOneFileImage(client, image);
        try
        {
            Cli("run", "--qemu", image, "--category", "guest.negotiation", "--output", directory).Should().Be(ExitCodes.MissingPrerequisite);
            ErrorLine().Should().Contain($"--qemu {image}").And.Contain($"the image {image} holds no qemu-system-x86_64");
            var left = client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters { All = true }).GetAwaiter().GetResult();
            left.Should().NotContain(c => c.Image == image, "the probe's container is removed");
        }
        finally
        {
            client.Images.DeleteImageAsync(image, new Docker.DotNet.Models.ImageDeleteParameters { Force = true }).GetAwaiter().GetResult();
        }
    }

    /// <summary>`docker import` of a rootfs holding one text file: an image with no QEMU (and nothing else).</summary>
    private static void ImportOneFileImage(Docker.DotNet.DockerClient client, string reference)
    {
        using var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, leaveOpen: true))
        {
            var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "README")
            {
                DataStream = new MemoryStream("no QEMU here\n"u8.ToArray()),
            };
            writer.WriteEntry(entry);
        }
        tar.Position = 0;
        var (name, tag) = (reference[..reference.LastIndexOf(':')], reference[(reference.LastIndexOf(':') + 1)..]);
        client.Images.CreateImageAsync(new Docker.DotNet.Models.ImagesCreateParameters { FromSrc = "-", Repo = name, Tag = tag }, tar, null, new Progress<Docker.DotNet.Models.JSONMessage>())
            .GetAwaiter().GetResult();
    }

    [Test]
    public void A_guest_category_without_a_usable_guest_kernel_is_one_line_and_exit_code_4()
    {
        Skip.Unless(HostCapabilities.HostLab); // the run checks the host lab first
        if (Vnetconf.Guest.ExternalCommand.Find(Vnetconf.Guest.QemuArguments.Binary) is null || !File.Exists(Vnetconf.Guest.GuestImageBuilder.BusyboxPath))
            Assert.Ignore("without QEMU or busybox the run stops before it looks for a kernel: setup/guest-fixtures installs them");
        var missing = Path.Combine(directory, "no-such-kernel");
        Environment.SetEnvironmentVariable(Vnetconf.Guest.GuestSettings.KernelVariable, missing);
        Environment.SetEnvironmentVariable(Vnetconf.Guest.GuestSettings.ModulesVariable, missing);
        try
        {
            Cli("run", "--category", "guest.tx", "--output", directory).Should().Be(ExitCodes.MissingPrerequisite);
            ErrorLine().Should().Contain(Vnetconf.Guest.GuestSettings.KernelVariable).And.Contain(missing);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Vnetconf.Guest.GuestSettings.KernelVariable, null);
            Environment.SetEnvironmentVariable(Vnetconf.Guest.GuestSettings.ModulesVariable, null);
        }
    }

    [Test]
    public void Compare_with_one_file_is_exit_code_2() =>
        Cli("compare", Save("a.json", Run("6.1.0", "partial"))).Should().Be(ExitCodes.BadArguments);

    [Test]
    public void Compare_of_a_missing_file_is_one_line_and_exit_code_3()
    {
        Cli("compare", Save("a.json", Run("6.1.0", "partial")), Path.Combine(directory, "absent.json")).Should().Be(ExitCodes.BadResultsFile);
        ErrorLine().Should().Contain("absent.json");
    }

    [Test]
    public void Compare_of_a_file_that_is_not_json_is_exit_code_3()
    {
        var junk = Path.Combine(directory, "junk.json");
        File.WriteAllText(junk, "not json");
        Cli("compare", Save("a.json", Run("6.1.0", "partial")), junk).Should().Be(ExitCodes.BadResultsFile);
        ErrorLine().Should().Contain("not a vnetconf results file");
    }

    [Test]
    public void Compare_of_another_schema_says_which_and_is_exit_code_3()
    {
        var other = Path.Combine(directory, "other.json");
        File.WriteAllText(other, """{"schema":"vnetconf.results/0","startedAt":"2026-01-01T00:00:00Z","environment":{},"cells":[]}""");
        Cli("compare", Save("a.json", Run("6.1.0", "partial")), other).Should().Be(ExitCodes.BadResultsFile);
        ErrorLine().Should().Contain("vnetconf.results/0").And.Contain(RunResults.CurrentSchema);
    }

    [TestCase("""{"schema":"vnetconf.results/1"}""", "no environment")]
    [TestCase("""{"schema":"vnetconf.results/1","startedAt":"2026-01-01T00:00:00Z","environment":{},"cells":[{"id":"a","category":"c","title":"t","verdict":"v","aspects":null,"notes":[]}]}""", "no aspects")]
    [TestCase("""{"schema":"vnetconf.results/1","startedAt":"2026-01-01T00:00:00Z","environment":{},"cells":[{"id":"a","category":"c","title":"t","verdict":"v","aspects":[],"notes":[]},{"id":"a","category":"c","title":"t","verdict":"v","aspects":[],"notes":[]}]}""", "appears twice")]
    public void Compare_of_an_incomplete_results_file_says_what_is_wrong_and_is_exit_code_3(string json, string problem)
    {
        var broken = Path.Combine(directory, "broken.json");
        File.WriteAllText(broken, json);
        Cli("compare", Save("a.json", Run("6.1.0", "partial")), broken).Should().Be(ExitCodes.BadResultsFile);
        ErrorLine().Should().Contain(problem);
    }

    [Test]
    public void Compare_of_a_cell_with_an_aspect_twice_is_exit_code_3()
    {
        var twice = Path.Combine(directory, "twice.json");
        File.WriteAllText(twice, """{"schema":"vnetconf.results/1","startedAt":"2026-01-01T00:00:00Z","environment":{},"cells":[{"id":"a","category":"c","title":"t","verdict":"v","aspects":[{"name":"n","observed":"o","expected":"o","reason":"r","source":"s"},{"name":"n","observed":"p","expected":"o","reason":"r","source":"s"}],"notes":[]}]}""");
        Cli("compare", Save("a.json", Run("6.1.0", "partial")), twice).Should().Be(ExitCodes.BadResultsFile);
        ErrorLine().Should().Contain("aspect 'n' twice");
    }

    [Test]
    public void Compare_of_an_endless_file_stops_reading_and_is_exit_code_3() =>
        Cli("compare", Save("a.json", Run("6.1.0", "partial")), "/dev/zero").Should().Be(ExitCodes.BadResultsFile);

    [Test]
    public void Compare_says_when_a_run_was_interrupted()
    {
        var interrupted = Run("6.1.0", "partial") with { Interrupted = "SIGINT after 1 judged cells" };
        var stdout = new StringWriter();
        var originalOut = Console.Out;
        Console.SetOut(stdout);
        try
        {
            Compare(Save("a.json", Run("6.1.0", "partial")), Save("b.json", interrupted)).Should().Be(ExitCodes.Ok);
        }
        finally
        {
            Console.SetOut(originalOut);
        }
        stdout.ToString().Should().Contain("b.json was interrupted: SIGINT after 1 judged cells");
    }

    [Test]
    public void Document_of_an_interrupted_run_says_so_in_the_document()
    {
        var output = Path.Combine(directory, "BEHAVIOR.md");
        Cli("document", Save("a.json", Run("6.1.0", "partial") with { Interrupted = "SIGTERM after 1 judged cells" }), "--output", output).Should().Be(ExitCodes.Ok);
        File.ReadAllText(output).Should().Contain("interrupted").And.Contain("SIGTERM after 1 judged cells");
    }

    [Test]
    public void Document_to_a_path_that_cannot_be_written_is_one_line_and_exit_code_6()
    {
        Cli("document", Save("a.json", Run("6.1.0", "partial")), "--output", "/proc/vnetconf/BEHAVIOR.md").Should().Be(ExitCodes.CannotWriteOutput);
        ErrorLine().Should().Contain("cannot write");
    }

    [Test]
    public void Document_renders_every_behaviour_with_its_reason_and_source()
    {
        var output = Path.Combine(directory, "BEHAVIOR.md");
        Cli("document", Save("a.json", Run("6.1.0", "partial")), "--output", output).Should().Be(ExitCodes.Ok);
        File.ReadAllText(output).Should().Contain("host kernel: 6.1.0").And.Contain("**checksum = partial**: why. *tun.c*");
    }

    [Test]
    public void Gate_passes_when_no_behaviour_differs_from_the_baseline() =>
        Compare("--gate", Save("a.json", Run("6.1.0", "partial")), Save("b.json", Run("6.12.0", "partial"))).Should().Be(ExitCodes.Ok);

    [Test]
    public void Gate_fails_when_a_behaviour_differs_from_the_baseline() =>
        Compare("--gate", Save("a.json", Run("6.1.0", "partial")), Save("b.json", Run("6.12.0", "complete"))).Should().Be(ExitCodes.BehaviourDiffers);

    [Test]
    public void Without_gate_a_difference_is_reported_but_exits_0() =>
        Compare(Save("a.json", Run("6.1.0", "partial")), Save("b.json", Run("6.12.0", "complete"))).Should().Be(ExitCodes.Ok);

    [Test]
    public void Gate_compares_any_number_of_runs_against_the_first() =>
        Compare("--gate", Save("a.json", Run("6.1.0", "partial")), Save("b.json", Run("6.1.0", "partial")), Save("c.json", Run("6.12.0", "complete")))
            .Should().Be(ExitCodes.BehaviourDiffers);

    [Test]
    public void Compare_writes_compare_md_and_compare_html_into_its_output_directory()
    {
        var output = Path.Combine(directory, "cmp");
        Cli("compare", Save("a.json", Run("6.1.0", "partial")), Save("b.json", Run("6.12.0", "complete")), "--output", output).Should().Be(ExitCodes.Ok);
        File.ReadAllText(Path.Combine(output, ComparisonMarkdown.FileName)).Should().Contain("| `host.read.x` | checksum | partial");
        File.ReadAllText(Path.Combine(output, ComparisonHtml.FileName)).Should().Contain("<td class=\"differs\">complete</td>");
    }

    [Test]
    public void Compare_to_a_directory_that_cannot_be_written_is_one_line_and_exit_code_6()
    {
        Cli("compare", Save("a.json", Run("6.1.0", "partial")), Save("b.json", Run("6.1.0", "partial")), "--output", "/proc/vnetconf").Should().Be(ExitCodes.CannotWriteOutput);
        ErrorLine().Should().Contain("cannot write compare.md and compare.html in /proc/vnetconf");
    }

    [Test]
    public void Gate_fails_on_a_cell_the_baseline_ran_and_the_candidate_did_not_with_a_line_naming_it()
    {
        var skipped = Run("6.12.0", "partial") with { Cells = [CellResult.FromSkip("host.read.x", "host.read", "x", "not root: run as root")] };
        var stdout = new StringWriter();
        var originalOut = Console.Out;
        Console.SetOut(stdout);
        try
        {
            Compare("--gate", Save("a.json", Run("6.1.0", "partial")), Save("b.json", skipped)).Should().Be(ExitCodes.BehaviourDiffers);
            // The other way round, the baseline tested nothing the candidate lacks: no difference, no gap.
            Compare("--gate", Save("b.json", skipped), Save("a.json", Run("6.1.0", "partial"))).Should().Be(ExitCodes.Ok);
        }
        finally
        {
            Console.SetOut(originalOut);
        }
        stdout.ToString().Split('\n').Should().ContainSingle(l => l.StartsWith("not run in ", StringComparison.Ordinal))
            .Which.Should().MatchRegex(@"^not run in #1 \(\S*b\.json\): host\.read\.x — skipped: not root: run as root$", "the label is the file's path relative to the current directory");
    }

    private static int Cli(params string[] args) => (int)typeof(ExitCodes).Assembly.EntryPoint!.Invoke(null, [args])!;

    /// <summary>compare with its reports written into the test's directory.</summary>
    private int Compare(params string[] args) => Cli(["compare", .. args, "--output", directory]);

    private string ErrorLine() => stderr.ToString().Trim().Split('\n').Should().ContainSingle().Which;

    private string Save(string name, RunResults run)
    {
        var path = Path.Combine(directory, name);
        ResultsJson.Write(run, path);
        return path;
    }

    private static RunResults Run(string kernel, string checksum) => new(RunResults.CurrentSchema, DateTimeOffset.UnixEpoch,
        new Dictionary<string, string> { ["host kernel"] = kernel },
        [new CellResult("host.read.x", "host.read", "x", CellResult.AsDocumented, [new AspectResult("checksum", checksum, checksum, "why", "tun.c")], [])]);
}
