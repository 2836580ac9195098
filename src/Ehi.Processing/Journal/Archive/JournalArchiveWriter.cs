using System.IO.Compression;
using System.Text.Json;

namespace Ehi.Processing.Journal.Archive;

/// <summary>Writes a journal archive: gzip-compressed JSON lines, a header first. The destination
/// is left open so its owner can flush it to disk (fsync) before anything leaves the journal.</summary>
public sealed class JournalArchiveWriter : IAsyncDisposable
{
    private readonly GZipStream _gzip;

    /// <summary>Starts an archive on <paramref name="destination"/> with its header.</summary>
    public JournalArchiveWriter(Stream destination, ArchiveHeader header)
    {
        _gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        Write(new ArchiveLine { Header = header });
    }

    /// <summary>Bytes of the lines written (bodies and answers as base64), before compression.</summary>
    public long UncompressedBytes { get; private set; }

    /// <summary>Appends one message.</summary>
    public void Write(JournalEntry entry) => Write(new ArchiveLine { Message = entry });

    /// <summary>Appends one Cut-Off.</summary>
    public void Write(CutOffRecord cutOff) => Write(new ArchiveLine { CutOff = cutOff });

    /// <summary>Appends one refused body.</summary>
    public void Write(RejectedMessage rejected) => Write(new ArchiveLine { Rejected = rejected });

    /// <summary>Writes the gzip trailer; the destination stays open.</summary>
    public ValueTask DisposeAsync() => _gzip.DisposeAsync();

    private void Write(ArchiveLine line)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(line, ArchiveJsonContext.Default.ArchiveLine);
        _gzip.Write(json);
        _gzip.WriteByte((byte)'\n');
        UncompressedBytes += json.Length + 1;
    }
}
