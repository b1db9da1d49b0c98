using System.Text.Json;
using Recommender.Core.Als;
using Recommender.Core.Data;

namespace Recommender.Core.Artifacts;

/// <summary>Turns a <see cref="ModelPackage"/> into its artifact files and back.</summary>
internal static class ModelPackageCodec
{
    public static byte[] Encode(ModelPackage package, string name)
    {
        using var buffer = new MemoryStream();
        AlsFactors f = package.Factors;
        switch (name)
        {
            case ArtifactNames.UserFactors:
                NpyFormat.Write(buffer, f.UserFactors.AsSpan(), f.Users, f.Factors);
                break;
            case ArtifactNames.ItemFactors:
                NpyFormat.Write(buffer, f.ItemFactors.AsSpan(), f.Items, f.Factors);
                break;
            case ArtifactNames.UserIds:
                return JsonSerializer.SerializeToUtf8Bytes(package.Users.Ids.ToArray(), ArtifactJson.Default.StringArray);
            case ArtifactNames.ItemIds:
                return JsonSerializer.SerializeToUtf8Bytes(package.Items.Ids.ToArray(), ArtifactJson.Default.StringArray);
            case ArtifactNames.SeenIndptr:
                NpyFormat.Write(buffer, package.SeenItems.RowPointers.AsSpan(), package.SeenItems.Rows + 1);
                break;
            case ArtifactNames.SeenIndices:
                NpyFormat.Write(buffer, package.SeenItems.ColumnIndices.AsSpan(), package.SeenItems.NonZeros);
                break;
            case ArtifactNames.Popularity:
                NpyFormat.Write(buffer, package.Popularity.AsSpan(), package.Popularity.Length);
                break;
            case ArtifactNames.SeenConfidence:
                float[] confidence = package.SeenConfidence ?? throw new ArgumentException($"Model {package.Version} has no seen confidences.", nameof(package));
                NpyFormat.Write(buffer, confidence.AsSpan(), confidence.Length);
                break;
            case ArtifactNames.SignalItemIdf:
                float[] idf = package.SignalItemIdf ?? throw new ArgumentException($"Model {package.Version} has no item idf.", nameof(package));
                NpyFormat.Write(buffer, idf.AsSpan(), idf.Length);
                break;
            case ArtifactNames.SignalUserLengths:
                float[] lengths = package.SignalUserLengths ?? throw new ArgumentException($"Model {package.Version} has no user lengths.", nameof(package));
                NpyFormat.Write(buffer, lengths.AsSpan(), lengths.Length);
                break;
            case ArtifactNames.ItemTitles:
                return JsonSerializer.SerializeToUtf8Bytes(package.Titles, ArtifactJson.Default.StringArray);
            case ArtifactNames.ItemGenres when package.Genres is not null:
                return JsonSerializer.SerializeToUtf8Bytes(package.Genres.PerItem, ArtifactJson.Default.StringArrayArray);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown artifact.");
        }

        return buffer.ToArray();
    }

    public static ModelPackage Decode(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files)
    {
        string version = manifest.Version;
        try
        {
            var users = IdMap.FromIds(Json(files, ArtifactNames.UserIds, ArtifactJson.Default.StringArray));
            var items = IdMap.FromIds(Json(files, ArtifactNames.ItemIds, ArtifactJson.Default.StringArray));
            var (userFactors, userShape) = NpyFormat.ReadFloat32(new MemoryStream(files[ArtifactNames.UserFactors]));
            var (itemFactors, itemShape) = NpyFormat.ReadFloat32(new MemoryStream(files[ArtifactNames.ItemFactors]));
            if (userShape.Length != 2 || itemShape.Length != 2 || userShape[1] != itemShape[1])
            {
                throw new InvalidDataException("factor matrices must be 2-D with the same number of factors");
            }

            var factors = new AlsFactors(userShape[0], itemShape[0], userShape[1], userFactors, itemFactors);
            var (indptr, _) = NpyFormat.ReadInt32(new MemoryStream(files[ArtifactNames.SeenIndptr]));
            var (indices, _) = NpyFormat.ReadInt32(new MemoryStream(files[ArtifactNames.SeenIndices]));
            var seen = new CsrMatrix(indptr.Length - 1, items.Count, indptr, indices, new float[indices.Length]);
            var (popularity, _) = NpyFormat.ReadFloat32(new MemoryStream(files[ArtifactNames.Popularity]));
            string[] titles = Json(files, ArtifactNames.ItemTitles, ArtifactJson.Default.StringArray);
            float[]? confidence = OptionalFloats(files, ArtifactNames.SeenConfidence);
            float[]? idf = OptionalFloats(files, ArtifactNames.SignalItemIdf);
            float[]? lengths = OptionalFloats(files, ArtifactNames.SignalUserLengths);
            ItemGenres? genres = files.ContainsKey(ArtifactNames.ItemGenres)
                ? new ItemGenres(Json(files, ArtifactNames.ItemGenres, ArtifactJson.Default.StringArrayArray))
                : null;
            return new ModelPackage(manifest, factors, users, items, seen, popularity, titles) { SeenConfidence = confidence, SignalItemIdf = idf, SignalUserLengths = lengths, Genres = genres };
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or EndOfStreamException or KeyNotFoundException)
        {
            throw new InvalidDataException($"Model {version} has unreadable artifacts: {ex.Message}", ex);
        }
    }

    private static float[]? OptionalFloats(IReadOnlyDictionary<string, byte[]> files, string name) =>
        files.TryGetValue(name, out byte[]? bytes) ? NpyFormat.ReadFloat32(new MemoryStream(bytes)).Data : null;

    private static T Json<T>(IReadOnlyDictionary<string, byte[]> files, string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(files[name], type) ?? throw new InvalidDataException($"{name} is empty.");
}
