using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Experiments;

/// <summary>
/// A running A/B split by model version. The id salts the user assignment, so every new experiment reshuffles users
/// while one experiment keeps each user in one variant for its whole life.
/// </summary>
public sealed record Experiment(string Id, DateTimeOffset StartedAt, IReadOnlyList<ExperimentVariant> Variants)
{
    /// <summary>The variant <paramref name="userId"/> is assigned to; the same user always gets the same one.</summary>
    public ExperimentVariant Assign(string userId) => Variants[VariantAssignment.Pick(Variants, VariantAssignment.Position(Id, userId))];

    public string ToJson() => JsonSerializer.Serialize(this, ExperimentJson.Default.Experiment);

    /// <summary>Parses a stored experiment; throws <see cref="FormatException"/> when it is not one.</summary>
    public static Experiment Parse(ReadOnlySpan<byte> json)
    {
        Experiment? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, ExperimentJson.Default.Experiment);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The stored experiment is not valid JSON: {ex.Message}", ex);
        }

        if (parsed?.Variants is null || string.IsNullOrEmpty(parsed.Id) || ExperimentRules.Check(parsed.Variants) is not null)
        {
            throw new FormatException("The stored experiment is not a valid experiment.");
        }

        return parsed;
    }
}

/// <summary>JSON of stored experiments: camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Experiment))]
public sealed partial class ExperimentJson : JsonSerializerContext;
