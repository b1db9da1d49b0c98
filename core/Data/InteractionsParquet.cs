using System.IO.Compression;
using Parquet;
using Parquet.Schema;

namespace Recommender.Core.Data;

/// <summary>
/// Writes an <see cref="InteractionTable"/> as Parquet with the columns <c>user_id, item_id, strength, timestamp</c>,
/// the form in which every model version keeps the exact training set it was fitted on. Rows keep their table
/// order, so reading the file back gives the same id maps and the same table.
/// </summary>
public static class InteractionsParquet
{
    public const string UserColumn = "user_id";
    public const string ItemColumn = "item_id";
    public const string StrengthColumn = "strength";
    public const string TimestampColumn = "timestamp";

    private static readonly DataField<string> _user = new(UserColumn, nullable: false);
    private static readonly DataField<string> _item = new(ItemColumn, nullable: false);
    private static readonly DataField<float> _strength = new(StrengthColumn, nullable: false);
    private static readonly DataField<long> _timestamp = new(TimestampColumn, nullable: false);

    /// <summary>
    /// Zstd at its fastest level: as fast to write as Snappy or no compression (most of the time goes into encoding
    /// the id strings) and 2.4 times smaller than Snappy; Parquet.Net's default Zstd level takes about 80 times longer
    /// for 23% less. <c>bench-parquet</c> measures it; figures in README.
    /// </summary>
    public static CompressionMethod Compression { get; } = CompressionMethod.Zstd;

    /// <summary>Writes the table to <paramref name="destination"/> as one row group.</summary>
    public static Task WriteAsync(InteractionTable table, Stream destination, CancellationToken cancellationToken = default) =>
        WriteAsync(table, destination, Compression, CompressionLevel.Fastest, cancellationToken);

    /// <summary>Writes with a chosen compression (the benchmark compares them).</summary>
    internal static async Task WriteAsync(InteractionTable table, Stream destination, CompressionMethod method, CompressionLevel level, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(destination);
        var users = new string[table.Count];
        var items = new string[table.Count];
        for (int i = 0; i < users.Length; i++)
        {
            users[i] = table.Users[table.UserIndices[i]];
            items[i] = table.Items[table.ItemIndices[i]];
        }

        var options = new ParquetOptions { CompressionMethod = method, CompressionLevel = level };
        var schema = new ParquetSchema(_user, _item, _strength, _timestamp);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, destination, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await group.WriteAsync(_user, users).ConfigureAwait(false);
        await group.WriteAsync(_item, items).ConfigureAwait(false);
        await group.WriteAsync<float>(_strength, table.Values, cancellationToken: cancellationToken).ConfigureAwait(false);
        await group.WriteAsync<long>(_timestamp, table.Timestamps, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The table as Parquet bytes.</summary>
    public static async Task<byte[]> ToBytesAsync(InteractionTable table, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await WriteAsync(table, buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
