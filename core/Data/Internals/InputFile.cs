namespace Recommender.Core.Data.Internals;

/// <summary>Opens input files with errors that name the real cause.</summary>
internal static class InputFile
{
    /// <summary>Opens a file for sequential reading; a folder or a missing file gets a one-line reason.</summary>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new DataFormatException($"{path}: is a directory, not a data file.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }

    /// <summary>The stream itself when it can seek (files, memory); else its content copied to memory.</summary>
    public static Stream Seekable(Stream stream)
    {
        if (stream.CanSeek)
        {
            return stream;
        }

        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
