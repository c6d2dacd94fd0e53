using System.Diagnostics;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Guest;

namespace Vnetconf.Harness.Tests.Guest;

/// <summary>The newc writer, judged by GNU cpio as the oracle: it must list and extract exactly what was written.</summary>
public sealed class CpioNewcWriterTests
{
    private static byte[] Archive()
    {
        using var stream = new MemoryStream();
        using (var cpio = new CpioNewcWriter(stream, leaveOpen: true))
        {
            cpio.AddDirectory("bin");
            cpio.AddFile("bin/tool", Encoding.ASCII.GetBytes("#!/bin/sh\necho hi\n"), 0x1ED);
            cpio.AddSymlink("bin/sh", "tool");
            cpio.AddDirectory("/empty/");
            cpio.AddFile("odd-length-name", [1, 2, 3]); // exercises name and data padding
        }
        return stream.ToArray();
    }

    [Test]
    public void The_archive_is_deterministic()
    {
        Archive().Should().Equal(Archive());
    }

    [Test]
    public void Every_entry_is_padded_to_four_bytes_and_the_archive_ends_with_the_trailer()
    {
        var bytes = Archive();
        (bytes.Length % 4).Should().Be(0);
        Encoding.ASCII.GetString(bytes).Should().Contain("TRAILER!!!");
        Encoding.ASCII.GetString(bytes, 0, 6).Should().Be("070701");
    }

    [Test]
    public void GNU_cpio_lists_every_entry_with_its_type_and_mode()
    {
        RequireCpio();
        var listing = RunCpio(Archive(), "-t", "-v", "--quiet").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        listing.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).Should().Equal(
            "drwxr-xr-x", "-rwxr-xr-x", "lrwxrwxrwx", "drwxr-xr-x", "-rw-r--r--");
        listing.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(8).First()).Should().Equal(
            "bin", "bin/tool", "bin/sh", "empty", "odd-length-name");
        listing[2].Should().EndWith("bin/sh -> tool");
    }

    [Test]
    public void GNU_cpio_extracts_the_same_contents()
    {
        RequireCpio();
        var dir = Directory.CreateTempSubdirectory("vnetconf-cpio-");
        try
        {
            RunCpio(Archive(), "-i", "-d", "--quiet", "-D", dir.FullName);
            File.ReadAllText(Path.Combine(dir.FullName, "bin/tool")).Should().Be("#!/bin/sh\necho hi\n");
            new FileInfo(Path.Combine(dir.FullName, "bin/sh")).LinkTarget.Should().Be("tool");
            File.ReadAllBytes(Path.Combine(dir.FullName, "odd-length-name")).Should().Equal(1, 2, 3);
            Directory.Exists(Path.Combine(dir.FullName, "empty")).Should().BeTrue();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void A_path_added_twice_is_refused()
    {
        using var cpio = new CpioNewcWriter(new MemoryStream());
        cpio.AddDirectory("bin");
        var again = () => cpio.AddDirectory("/bin");
        again.Should().Throw<ArgumentException>().WithMessage("*already*");
    }

    private static void RequireCpio()
    {
        if (ExternalCommand.Find("cpio") is null) Assert.Ignore("no cpio, the oracle for the newc writer. Fix: apt-get install cpio (setup/guest-fixtures does).");
    }

    private static string RunCpio(byte[] archive, params string[] arguments)
    {
        var start = new ProcessStartInfo("cpio") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(archive);
        process.StandardInput.Close();
        process.WaitForExit(30_000).Should().BeTrue("cpio finishes");
        process.ExitCode.Should().Be(0, error.Result);
        return output.Result;
    }
}
