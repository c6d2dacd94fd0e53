using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Vnetconf.Perf.Reporting;

/// <summary>
/// An RGB raster with rectangles and pixel-font text, saved as a PNG (8-bit truecolour, one IDAT, zlib from
/// the framework). Enough for a bar chart, with no drawing library or native dependency.
/// </summary>
public sealed class PngCanvas
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>The PNG signature (PNG spec, 5.2): 0x89, "PNG", CR LF, SUB, LF.</summary>
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] pixels;

    public PngCanvas(int width, int height, Rgb background)
    {
        Width = width;
        Height = height;
        pixels = new byte[width * height * 3];
        Fill(0, 0, width, height, background);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Fills a rectangle, clipped to the canvas.</summary>
    public void Fill(int x, int y, int width, int height, Rgb colour)
    {
        for (var row = Math.Max(0, y); row < Math.Min(Height, y + height); row++)
            for (var column = Math.Max(0, x); column < Math.Min(Width, x + width); column++)
            {
                var at = (row * Width + column) * 3;
                pixels[at] = colour.R;
                pixels[at + 1] = colour.G;
                pixels[at + 2] = colour.B;
            }
    }

    /// <summary>Writes <paramref name="text"/> with its top-left at (x, y), each font pixel a <paramref name="scale"/>-sized square.</summary>
    public void Text(int x, int y, string text, Rgb colour, int scale = 2)
    {
        foreach (var character in text)
        {
            var columns = PixelFont.Glyph(character);
            for (var column = 0; column < columns.Length; column++)
                for (var row = 0; row < PixelFont.Height; row++)
                    if ((columns[column] >> row & 1) != 0)
                        Fill(x + column * scale, y + row * scale, scale, scale, colour);
            x += PixelFont.Advance * scale;
        }
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        file.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], Height);
        header[8] = 8;  // bits per channel
        header[9] = 2;  // colour type: truecolour
        // compression, filter and interlace methods: 0, the only ones PNG defines
        WriteChunk(file, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var stride = Width * 3;
            for (var row = 0; row < Height; row++)
            {
                zlib.WriteByte(0); // filter type None for each scanline
                zlib.Write(pixels, row * stride, stride);
            }
        }
        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        // The CRC covers the chunk type and data, not the length (PNG spec, 5.3).
        var crc = Crc(0xFFFFFFFF, typeBytes);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(crc, data) ^ 0xFFFFFFFF);
        stream.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>CRC-32 with the reflected polynomial 0xEDB88320, as PNG (and zlib, Ethernet) use it.</summary>
    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
