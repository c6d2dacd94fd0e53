using System.Buffers.Binary;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

public sealed class KernelSpecTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("vnetconf-kernelspec-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    [TestCase("12", "debian-12")]
    [TestCase("bookworm-backports", "bookworm-backports")]
    [TestCase("sid", "sid")]
    public void A_suite_names_a_Debian_kernel_and_its_stack(string text, string label)
    {
        var spec = KernelSpec.Parse(text);
        spec.Should().BeOfType<KernelSpec.Debian>().Which.Label.Should().Be(label);
    }

    [Test]
    public void Host_names_the_running_kernel() => KernelSpec.Parse("host").Should().BeOfType<KernelSpec.Host>();

    [Test]
    public void Package_files_are_one_or_more_existing_debs()
    {
        var image = Touch("linux-image-7.2.13+deb14-cloud-amd64_7.2.13-1_amd64.deb");
        var binary = Touch("linux-binary-7.2.13+deb14-cloud-amd64_7.2.13-1_amd64.deb");

        KernelSpec.Parse($"{image},{binary}").Should().BeOfType<KernelSpec.PackageFile>().Which.Paths.Should().Equal(image, binary);
        var missing = () => KernelSpec.Parse($"{image},{directory}/absent.deb");
        missing.Should().Throw<ArgumentException>().WithMessage($"*{directory}/absent.deb*");
    }

    [Test]
    public void A_kernel_build_is_an_image_with_its_modules_directory()
    {
        var image = Touch("bzImage");
        var modules = Directory.CreateDirectory(Path.Combine(directory, "mods")).FullName;

        KernelSpec.Parse($"{image},modules={modules}").Should().Be(new KernelSpec.Build(image, modules));
        var withoutModules = () => KernelSpec.Parse(image);
        withoutModules.Should().Throw<ArgumentException>().WithMessage("*modules=DIR*");
        var absentModules = () => KernelSpec.Parse($"{image},modules={directory}/nowhere");
        absentModules.Should().Throw<ArgumentException>().WithMessage($"*no modules directory {directory}/nowhere*");
    }

    [TestCase("99")]
    [TestCase("/no/such/vmlinuz")]
    [TestCase("potato.deb")]
    public void What_names_no_kernel_is_refused_with_what_is_accepted(string text)
    {
        var parse = () => KernelSpec.Parse(text);
        parse.Should().Throw<ArgumentException>();
    }

    [Test]
    public void The_release_is_read_from_the_images_setup_header()
    {
        // x86 boot protocol (Documentation/arch/x86/boot.rst): "HdrS" at 0x202; at 0x20E the version string's offset from 0x200.
        BzImage.ParseRelease(SyntheticImage("7.2.13+deb14-cloud-amd64")).Should().Be("7.2.13+deb14-cloud-amd64");
    }

    [Test]
    public void A_file_that_is_not_a_kernel_image_has_no_release()
    {
        BzImage.ParseRelease(Encoding.ASCII.GetBytes(new string('x', 0x1000))).Should().BeNull();
        var read = () => BzImage.ReadRelease(Touch("not-a-kernel"));
        read.Should().Throw<InvalidDataException>().WithMessage("*not-a-kernel is not a bootable x86 kernel image*");
    }

    [Test]
    public void The_release_of_a_real_image_is_what_file_says_it_is()
    {
        var image = CachedKernels.Require()[0].Image;
        if (Vnetconf.Guest.ExternalCommand.Find("file") is null) Assert.Ignore("no file(1) to compare with. Fix: apt-get install file");
        // file(1)'s magic reads the same header independently: "... bzImage, version RELEASE (...)".
        var described = Vnetconf.Guest.ExternalCommand.Run("file", ["-b", image], TimeSpan.FromSeconds(10)).OutputText;
        var expected = described.Split("version ")[1].Split(' ')[0];

        BzImage.ReadRelease(image).Should().Be(expected);
    }

    [Test]
    public void A_build_whose_modules_are_of_another_release_is_refused_naming_both()
    {
        var image = Path.Combine(directory, "bzImage");
        File.WriteAllBytes(image, SyntheticImage("6.18.0-rc1"));
        var modules = Path.Combine(directory, "mods");
        Directory.CreateDirectory(Path.Combine(modules, "lib", "modules", "6.17.3"));
        var settings = new GuestSettings(directory, new KernelSpec.Build(image, modules));

        var locate = () => GuestKernelLocator.Locate(settings);

        locate.Should().Throw<InvalidOperationException>().WithMessage("*no modules of 6.18.0-rc1*it holds 6.17.3*");
    }

    [Test]
    public void A_build_is_found_under_what_modules_install_left()
    {
        var image = Path.Combine(directory, "bzImage");
        File.WriteAllBytes(image, SyntheticImage("6.18.0-rc1"));
        var release = Directory.CreateDirectory(Path.Combine(directory, "mods", "lib", "modules", "6.18.0-rc1")).FullName;

        var kernel = GuestKernelLocator.Locate(new GuestSettings(directory, new KernelSpec.Build(image, Path.Combine(directory, "mods"))));

        kernel.Should().Be(new GuestKernel(image, release, "6.18.0-rc1", $"kernel build {image}"));
    }

    /// <summary>The first bytes of a bzImage as the boot protocol lays them out, naming <paramref name="release"/>.</summary>
    private static byte[] SyntheticImage(string release)
    {
        var image = new byte[0x1000];
        Encoding.ASCII.GetBytes("HdrS").CopyTo(image, 0x202);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x20E), 0x300);
        Encoding.ASCII.GetBytes($"{release} (builder@host) #1 SMP\0").CopyTo(image, 0x500);
        return image;
    }

    private string Touch(string name)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, "x");
        return path;
    }
}
