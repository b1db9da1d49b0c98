using Parquet;
using Parquet.Schema;

namespace Recommender.Tests.Data;

/// <summary>Writes small Parquet files for tests, with column types chosen per test.</summary>
internal static class TestParquet
{
    /// <summary>MovieLens columns as a data tool would write them: integer ids, double rating, long timestamp.</summary>
    public static async Task<byte[]> MovieLensAsync(IReadOnlyList<(int User, int Item, double Rating, long Timestamp)> rows)
    {
        var user = new DataField<int>("userId");
        var item = new DataField<int>("movieId");
        var rating = new DataField<double>("rating");
        var timestamp = new DataField<long>("timestamp");
        using var buffer = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(user, item, rating, timestamp), buffer))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync<int>(user, rows.Select(r => r.User).ToArray());
            await group.WriteAsync<int>(item, rows.Select(r => r.Item).ToArray());
            await group.WriteAsync<double>(rating, rows.Select(r => r.Rating).ToArray());
            await group.WriteAsync<long>(timestamp, rows.Select(r => r.Timestamp).ToArray());
        }

        return buffer.ToArray();
    }

    /// <summary>Nullable text ids and a nullable value column, for reject accounting.</summary>
    public static async Task<byte[]> NullableAsync(string?[] users, string?[] items, double?[] values)
    {
        var user = new DataField<string>("who", nullable: true);
        var item = new DataField<string>("what", nullable: true);
        var value = new DataField<double?>("score");
        using var buffer = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(user, item, value), buffer))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(user, users!);
            await group.WriteAsync(item, items!);
            await group.WriteAsync<double>(value, values);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a MovieLens ratings.csv the simple way (no quotes in it) into rows for <see cref="MovieLensAsync"/>.</summary>
    public static List<(int User, int Item, double Rating, long Timestamp)> ReadMovieLensCsv(string path)
    {
        var rows = new List<(int, int, double, long)>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] f = line.Split(',');
            rows.Add((int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), long.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
