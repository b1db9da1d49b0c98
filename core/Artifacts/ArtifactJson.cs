using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Artifacts;

/// <summary>Source-generated JSON for manifests, pointers and id lists (camelCase, indented).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(ModelPointer))]
[JsonSerializable(typeof(Data.Quality.DataQualityReport))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string[][]))]
public sealed partial class ArtifactJson : JsonSerializerContext;
