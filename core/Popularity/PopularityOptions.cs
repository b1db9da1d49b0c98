namespace Recommender.Core.Popularity;

/// <summary>Weights of the popularity score <c>RatingWeight * mean_rating + CountWeight * log(1 + count)</c>.</summary>
public sealed record PopularityOptions
{
    /// <summary>Weight of an item's mean rating. Default 1.</summary>
    public float RatingWeight { get; init; } = 1f;

    /// <summary>Weight of log(1 + number of interactions). Default 1.</summary>
    public float CountWeight { get; init; } = 1f;
}
