using System.CommandLine;
using Recommender.Core.Signal;

namespace Recommender.TrainingJob.Commands;

/// <summary>The learning-signal options of <c>train</c>: rating to preference, weighting, recency and k-core pruning.</summary>
internal sealed class SignalOptionSet
{
    private static readonly SignalOptions _defaults = new();

    private readonly Option<string> _weighting = CliOptions.Choice(
        "--weighting",
        "none",
        "Weighting of the training strengths before confidence: none (the strength as is), binary (1 per interaction), bm25 (users as documents), tfidf (sqrt(strength) x ln(1 + users/item users))",
        "none",
        "binary",
        "bm25",
        "tfidf");

    private readonly Option<double> _positiveThreshold = CliOptions.Double("--positive-threshold", 0, "Ratings at or above this are positive preferences in training; 0 keeps every interaction as it is", 0, 1e6);
    private readonly Option<double> _belowWeight = CliOptions.Double("--below-threshold-weight", 0, "Weight factor kept by a rating below --positive-threshold: 0 drops it, 0.1 keeps a tenth", 0, 1);
    private readonly Option<double> _k1 = CliOptions.Double("--bm25-k1", _defaults.Bm25K1, "BM25 saturation k1", 0, 1e6);
    private readonly Option<double> _b = CliOptions.Double("--bm25-b", _defaults.Bm25B, "BM25 history-length normalisation b", 0, 1);
    private readonly Option<double> _recencyHalfLife = CliOptions.Double("--recency-half-life", 0, "Weigh a user's n-th latest interaction by 0.5^(n / this), so their vector leans towards what they did last; 0 weighs all alike", 0, 1e6);
    private readonly Option<int> _kCore = CliOptions.Int("--k-core", 0, "Iteratively remove users and items with fewer than N interactions before training; 0 keeps all", 0, 1_000_000);
    private readonly Option<int> _minUser = CliOptions.Int("--min-user-interactions", 0, "Like --k-core for users only (the larger of the two applies); 0 keeps all", 0, 1_000_000);
    private readonly Option<int> _minItem = CliOptions.Int("--min-item-interactions", 0, "Like --k-core for items only (the larger of the two applies); 0 keeps all", 0, 1_000_000);

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_weighting, _positiveThreshold, _belowWeight, _k1, _b, _recencyHalfLife, _kCore, _minUser, _minItem])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The learning-signal options given on the command line (not the k-core ones, which are data rules).</summary>
    public IReadOnlyList<string> GivenSignal(ParseResult result) =>
        CliOptions.Given(result, [_weighting, _positiveThreshold, _belowWeight, _k1, _b, _recencyHalfLife]);

    public SignalOptions Read(ParseResult result) => new()
    {
        Weighting = result.GetValue(_weighting) switch
        {
            "binary" => InteractionWeighting.Binary,
            "bm25" => InteractionWeighting.Bm25,
            "tfidf" => InteractionWeighting.TfIdf,
            _ => InteractionWeighting.None,
        },
        PositiveThreshold = result.GetValue(_positiveThreshold) is > 0 and var t ? (float)t : null,
        BelowThresholdWeight = (float)result.GetValue(_belowWeight),
        Bm25K1 = (float)result.GetValue(_k1),
        Bm25B = (float)result.GetValue(_b),
        RecencyHalfLife = result.GetValue(_recencyHalfLife) is > 0 and var h ? (float)h : null,
    };

    /// <summary>The (users, items) minimum interaction counts of k-core pruning.</summary>
    public (int Users, int Items) ReadKCore(ParseResult result)
    {
        int both = result.GetValue(_kCore);
        return (Math.Max(both, result.GetValue(_minUser)), Math.Max(both, result.GetValue(_minItem)));
    }
}
