using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.TrainingJob.Training;

namespace Recommender.TrainingJob.Commands;

/// <summary>JSON for the one-object summaries the commands print on stdout.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(TrainingOutcome))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
internal sealed partial class CommandJson : JsonSerializerContext;
