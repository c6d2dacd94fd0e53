namespace Vnetconf.Guest;

/// <summary>
/// Reads a guest's console log (QEMU's <c>-serial file:</c>) while QEMU may still be writing it, for reports and for
/// the error messages of a guest that did not come up.
/// </summary>
public static class GuestConsole
{
    /// <summary>The whole log so far; empty before QEMU created it.</summary>
    public static string Read(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The last <paramref name="lines"/> lines, where a crashed agent or kernel leaves its last words.</summary>
    public static string Tail(string path, int lines = 40) => string.Join('\n', Read(path).Split('\n').TakeLast(lines));

    /// <summary>
    /// <paramref name="console"/>, or, when the kernel printed nothing at all, the likely reason: a kernel that never
    /// reached its console (a corrupt or non-bootable image, or a QEMU killed before the kernel ran).
    /// </summary>
    public static string OrWhyEmpty(string console) =>
        console.Trim().Length > 0 ? console : "(empty: the kernel printed nothing; the image may not be a bootable kernel, or QEMU died before it ran)";
}
