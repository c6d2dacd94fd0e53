using System.Globalization;

namespace Vnetconf.Netmap;

/// <summary>
/// netmap's <c>admode</c> module parameter, writable at run time (LINUX/bsd_glue.h maps netmap's sysctls to
/// module parameters of mode 0644). It is global to the kernel: whoever changes it should restore it.
/// </summary>
public static class NetmapAdmode
{
    public const string ParameterPath = "/sys/module/netmap/parameters/admode";

    public static NetmapAdapterMode Read()
    {
        var text = ReadParameter();
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new InvalidDataException($"{ParameterPath} holds '{text.Trim()}', not a number");
        // netmap_get_hw_na treats out-of-range values as best (and resets the parameter on first use).
        return Enum.IsDefined((NetmapAdapterMode)value) ? (NetmapAdapterMode)value : NetmapAdapterMode.NETMAP_ADMODE_BEST;
    }

    public static void Write(NetmapAdapterMode mode)
    {
        try
        {
            File.WriteAllText(ParameterPath, ((int)mode).ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot set netmap admode to {(int)mode} ({mode}) through {ParameterPath}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="register"/> (whatever REGISTERs a port) with admode set to <paramref name="mode"/>, and
    /// puts the previous value back afterwards, whatever happens: admode is read only at REGISTER, and it is global.
    /// </summary>
    public static T While<T>(NetmapAdapterMode mode, Func<T> register)
    {
        var previous = Read();
        Write(mode);
        try
        {
            return register();
        }
        finally
        {
            Write(previous);
        }
    }

    private static string ReadParameter()
    {
        try
        {
            return File.ReadAllText(ParameterPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read netmap admode from {ParameterPath} (is netmap.ko loaded?): {e.Message}", e);
        }
    }
}
