using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

[System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes: a QEMU binary must be executable
public sealed class QemuSpecTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("vnetconf-qemuspec-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void Host_and_container_keep_their_meaning_and_stack_names()
    {
        QemuSpec.Parse("host").Should().Be(new QemuSpec.Host()).And.Match<QemuSpec>(q => q.Label == "qemu-host");
        var container = QemuSpec.Parse("container").Should().BeOfType<QemuSpec.Container>().Subject;
        container.Label.Should().Be("qemu-container");
        container.Reference.Should().Be("vnetconf/qemu:debian13");
    }

    [TestCase("11", "qemu-debian-11", "vnetconf/qemu:debian11", "--qemu-suite bullseye")]
    [TestCase("bookworm", "qemu-debian-12", "vnetconf/qemu:debian12", "--qemu-suite bookworm")]
    [TestCase("trixie", "qemu-debian-13", "vnetconf/qemu:debian13", "run setup/container-fixtures")]
    [TestCase("bookworm-backports", "qemu-bookworm-backports", "vnetconf/qemu:bookworm-backports", "--qemu-suite bookworm-backports")]
    [TestCase("trixie-backports", "qemu-trixie-backports", "vnetconf/qemu:trixie-backports", "--qemu-suite trixie-backports")]
    [TestCase("sid", "qemu-sid", "vnetconf/qemu:sid", "--qemu-suite sid")]
    public void A_suite_names_the_image_setup_builds_of_its_QEMU(string text, string label, string reference, string fix)
    {
        var spec = QemuSpec.Parse(text).Should().BeOfType<QemuSpec.Debian>().Subject;
        spec.Label.Should().Be(label);
        spec.Reference.Should().Be(reference);
        spec.Fix.Should().Contain("setup/container-fixtures").And.EndWith(fix);
    }

    [Test]
    public void A_suite_spec_names_the_tag_setup_container_fixtures_gives_it()
    {
        // The tag rule lives in two languages: the setup script's case table must agree with QemuSpec.Debian.Reference.
        var script = File.ReadAllText(Path.Combine(GuestAgentBuild.RepositoryRoot, "setup", "container-fixtures"));
        foreach (var release in DebianRelease.Known)
        {
            var tag = new QemuSpec.Debian(release).Reference.Split(':')[1];
            script.Should().MatchRegex($@"(\|| ){release.Suite}(\|[a-z-]+)*\)[^\n]*image_tag=({tag}|\$qemu_suite)", $"the script tags {release.Suite} as {tag}");
        }
    }

    [Test]
    public void A_binary_is_an_executable_file_with_its_build_trees_firmware_found_beside_it()
    {
        var build = Directory.CreateDirectory(Path.Combine(directory, "qemu-9.2.0", "build")).FullName;
        var qemu = Executable(Path.Combine(build, "qemu-system-x86_64"));

        QemuSpec.Parse(qemu).Should().Be(new QemuSpec.Binary(qemu, null)).And.Match<QemuSpec>(q => q.Label == "qemu-qemu-9.2.0-build");
        var pcBios = Directory.CreateDirectory(Path.Combine(build, QemuSpec.BuildTreeFirmware)).FullName;
        QemuSpec.Parse(qemu).Should().Be(new QemuSpec.Binary(qemu, pcBios));
        var firmware = Directory.CreateDirectory(Path.Combine(directory, "fw")).FullName;
        QemuSpec.Parse($"{qemu},firmware={firmware}").Should().Be(new QemuSpec.Binary(qemu, firmware));
    }

    [Test]
    public void A_relative_path_is_a_binary_not_an_image_or_a_suite()
    {
        var qemu = Executable(Path.Combine(directory, "qemu-system-x86_64"));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, qemu);
        QemuSpec.Parse(relative).Should().Be(new QemuSpec.Binary(qemu, null));
    }

    [Test]
    public void A_missing_or_non_executable_binary_or_firmware_directory_is_refused_naming_it()
    {
        var notExecutable = Path.Combine(directory, "qemu-system-x86_64");
        File.WriteAllText(notExecutable, "");
        File.SetUnixFileMode(notExecutable, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Refused($"{directory}/absent/qemu-system-x86_64").WithMessage($"no file {directory}/absent/qemu-system-x86_64*");
        Refused("build/qemu-system-x86_64").WithMessage("no file */build/qemu-system-x86_64*");
        Refused(notExecutable).WithMessage($"{notExecutable} is not executable*");
        Refused(directory).WithMessage($"{directory} is a directory*");
        var qemu = Executable(Path.Combine(directory, "qemu"));
        Refused($"{qemu},firmware={directory}/none").WithMessage($"no firmware directory {directory}/none*");
        Refused($"{qemu},bios=x").WithMessage("*firmware=DIR*");
    }

    [TestCase("vnetconf/qemu:debian13")]
    [TestCase("registry.example:5000/team/qemu:v9.2-RC1")]
    [TestCase("qemu:latest")]
    public void A_name_with_a_tag_is_a_local_image(string reference)
    {
        var spec = QemuSpec.Parse(reference).Should().BeOfType<QemuSpec.Image>().Subject;
        spec.Reference.Should().Be(reference);
        spec.Label.Should().StartWith("qemu-image-").And.MatchRegex("^[A-Za-z0-9._-]+$").And.NotContain("--");
        spec.Fix.Should().Contain(reference).And.Contain("never pulled");
    }

    [TestCase("Team/QEMU:latest", "*lower case*")]
    [TestCase("qemu:", "*NAME:TAG*")]
    [TestCase(":v1", "*NAME:TAG*")]
    [TestCase("99", "*unknown Debian release '99'*host, container*PATH[,firmware=DIR]*NAME:TAG*")]
    [TestCase("cloud", "*unknown Debian release 'cloud'*")]
    [TestCase("host,container", "*no file*")]
    public void What_names_no_QEMU_is_refused_with_what_is_accepted(string text, string message) => Refused(text).WithMessage(message);

    private static FluentAssertions.Specialized.ExceptionAssertions<ArgumentException> Refused(string text)
    {
        var parse = () => QemuSpec.Parse(text);
        return parse.Should().Throw<ArgumentException>();
    }

    private static string Executable(string path)
    {
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
