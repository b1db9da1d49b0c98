using System.Text.Json.Serialization;

namespace Recommender.Core.Serving;

/// <summary>One recommended item, with the ids and titles a client sees.</summary>
public sealed record RecommendedItem(string ItemId, string Title, float Score)
{
    /// <summary>The item's genres in the serving model version (empty when the version has none).</summary>
    public IReadOnlyList<string> Genres { get; init; } = [];

    /// <summary>
    /// When an explanation was asked for: the items of the user's history that contribute most to this item's ALS
    /// score, largest first (empty for popularity). Null, and left out of JSON, otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ItemContribution>? Because { get; init; }
}
