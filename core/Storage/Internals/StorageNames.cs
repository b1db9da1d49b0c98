namespace Recommender.Core.Storage.Internals;

/// <summary>Validates and escapes container, queue, table, blob and entity key names, with errors that say what is wrong.</summary>
internal static class StorageNames
{
    /// <summary>Containers and queues: 3-63 lowercase letters, digits and single hyphens, starting with a letter or digit.</summary>
    internal static void ValidateContainerOrQueue(string name, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, what);
        bool ok = name.Length is >= 3 and <= 63 && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
        foreach (char c in name)
        {
            ok &= c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';
        }

        if (!ok)
        {
            throw new ArgumentException($"'{name}' is not a valid {what} name: use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.", what);
        }
    }

    /// <summary>Tables: 3-63 letters and digits, starting with a letter.</summary>
    internal static void ValidateTable(string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        bool ok = table.Length is >= 3 and <= 63 && char.IsAsciiLetter(table[0]);
        foreach (char c in table)
        {
            ok &= char.IsAsciiLetterOrDigit(c);
        }

        if (!ok)
        {
            throw new ArgumentException($"'{table}' is not a valid table name: use 3-63 letters and digits, starting with a letter.", nameof(table));
        }
    }

    /// <summary>Blob names: 1-1024 characters; each path segment is escaped, slashes kept.</summary>
    internal static string EscapeBlobName(string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        if (blobName.Length > 1024)
        {
            throw new ArgumentException($"Blob name is {blobName.Length} characters long; the limit is 1024.", nameof(blobName));
        }

        string[] segments = blobName.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            segments[i] = Uri.EscapeDataString(segments[i]);
        }

        return string.Join('/', segments);
    }

    /// <summary>PartitionKey / RowKey: up to 1 KiB, no '/', '\\', '#', '?' or control characters.</summary>
    internal static void ValidateKey(string? key, string what)
    {
        ArgumentNullException.ThrowIfNull(key, what);
        if (key.Length > 1024)
        {
            throw new ArgumentException($"{what} is {key.Length} characters long; the limit is 1024.", what);
        }

        foreach (char c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                string shown = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
                throw new ArgumentException($"{what} '{(char.IsControl(c) ? key.Replace(c, '?') : key)}' contains {shown}; table keys may not contain '/', '\\', '#', '?' or control characters.", what);
            }
        }
    }
}
