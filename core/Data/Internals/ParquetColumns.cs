using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Recommender.Core.Data.Internals;

/// <summary>
/// Reads whole top-level Parquet columns as the loaders want them: ids as text (string or integer columns),
/// values as doubles and timestamps as unix seconds, with null where a row has no usable value.
/// </summary>
internal sealed class ParquetColumns : IAsyncDisposable
{
    private readonly ParquetReader _reader;
    private readonly string _name;

    private ParquetColumns(ParquetReader reader, string name)
    {
        _reader = reader;
        _name = name;
        Fields = reader.Schema.DataFields;
        Header = Array.ConvertAll(Fields, f => f.Name);
        long rows = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            rows += reader.RowGroups[g].RowCount;
        }

        RowCount = rows;
    }

    public DataField[] Fields { get; }

    /// <summary>Column names in schema order, the Parquet counterpart of a CSV header.</summary>
    public string[] Header { get; }

    public long RowCount { get; }

    public static async Task<ParquetColumns> OpenAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        try
        {
            return new ParquetColumns(await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false), name);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new DataFormatException($"{name}: not a readable Parquet file ({ex.Message}).", ex);
        }
    }

    /// <summary>A column as text; integer ids become their decimal text, so CSV and Parquet ids compare equal.</summary>
    public async Task<string?[]> ReadTextAsync(int column, CancellationToken cancellationToken)
    {
        DataField field = Fields[column];
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (IsText(type))
        {
            return await ReadAsync<string?>(field, (group, buffer) => group.ReadAsync(field, buffer, null, cancellationToken)).ConfigureAwait(false);
        }

        if (type == typeof(int))
        {
            return Format(await ReadNullableAsync<int>(field, cancellationToken).ConfigureAwait(false));
        }

        if (type == typeof(long))
        {
            return Format(await ReadNullableAsync<long>(field, cancellationToken).ConfigureAwait(false));
        }

        throw Unsupported(field, "text or integer");
    }

    /// <summary>A numeric column as doubles; a text column is parsed, with null for what does not parse.</summary>
    public async Task<double?[]> ReadNumberAsync(int column, CancellationToken cancellationToken)
    {
        DataField field = Fields[column];
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(float))
        {
            return Widen(await ReadNullableAsync<float>(field, cancellationToken).ConfigureAwait(false), v => v);
        }

        if (type == typeof(double))
        {
            return await ReadNullableAsync<double>(field, cancellationToken).ConfigureAwait(false);
        }

        if (type == typeof(int))
        {
            return Widen(await ReadNullableAsync<int>(field, cancellationToken).ConfigureAwait(false), v => v);
        }

        if (type == typeof(long))
        {
            return Widen(await ReadNullableAsync<long>(field, cancellationToken).ConfigureAwait(false), v => v);
        }

        if (IsText(type))
        {
            string?[] text = await ReadTextAsync(column, cancellationToken).ConfigureAwait(false);
            return Array.ConvertAll(text, t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : (double?)null);
        }

        throw Unsupported(field, "numeric");
    }

    /// <summary>A timestamp column as unix seconds: integers as seconds, date-times converted, text parsed.</summary>
    public async Task<long?[]> ReadUnixSecondsAsync(int column, CancellationToken cancellationToken)
    {
        DataField field = Fields[column];
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(long))
        {
            return await ReadNullableAsync<long>(field, cancellationToken).ConfigureAwait(false);
        }

        if (type == typeof(int))
        {
            return Array.ConvertAll(await ReadNullableAsync<int>(field, cancellationToken).ConfigureAwait(false), v => (long?)v);
        }

        if (type == typeof(DateTime))
        {
            return Array.ConvertAll(
                await ReadNullableAsync<DateTime>(field, cancellationToken).ConfigureAwait(false),
                v => v is DateTime t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeSeconds() : (long?)null);
        }

        if (IsText(type))
        {
            string?[] text = await ReadTextAsync(column, cancellationToken).ConfigureAwait(false);
            return Array.ConvertAll(text, t => t is not null && TimestampParser.TryParseUnixOrIso(t.AsSpan().Trim(), out long s) ? s : (long?)null);
        }

        throw Unsupported(field, "integer, date-time or text");
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private Task<T?[]> ReadNullableAsync<T>(DataField field, CancellationToken cancellationToken)
        where T : struct =>
        field.IsNullable
            ? ReadAsync<T?>(field, (group, buffer) => group.ReadAsync(field, buffer, null, cancellationToken))
            : ReadAsync<T?>(field, async ValueTask (group, buffer) =>
            {
                // A required column has no nulls: read it plainly, then widen.
                var values = new T[buffer.Length];
                await group.ReadAsync<T>(field, values, null, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < values.Length; i++)
                {
                    buffer.Span[i] = values[i];
                }
            });

    // Reads one column across every row group into one array.
    private async Task<T[]> ReadAsync<T>(DataField field, Func<ParquetRowGroupReader, Memory<T>, ValueTask> readGroup)
    {
        if (RowCount > Array.MaxLength)
        {
            throw new DataFormatException($"{_name}: {RowCount} rows are more than one table can hold.");
        }

        var result = new T[RowCount];
        int offset = 0;
        for (int g = 0; g < _reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = _reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            await readGroup(group, result.AsMemory(offset, count)).ConfigureAwait(false);
            offset += count;
        }

        return result;
    }

    // Parquet.Net describes a UTF-8 column as string or, for speed, as ReadOnlyMemory<char>; both read as strings.
    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static string?[] Format<T>(T?[] values)
        where T : struct, IFormattable =>
        Array.ConvertAll(values, v => v?.ToString(null, CultureInfo.InvariantCulture));

    private static double?[] Widen<T>(T?[] values, Func<T, double> widen)
        where T : struct =>
        Array.ConvertAll(values, v => v is T value ? widen(value) : (double?)null);

    private DataFormatException Unsupported(DataField field, string expected) =>
        new($"{_name}: column '{field.Name}' holds {field.ClrType.Name} values; expected {expected}.");
}
