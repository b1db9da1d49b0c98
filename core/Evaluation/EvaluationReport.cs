using System.Globalization;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Mean ranking metrics over the evaluated users, keyed "precision@K", "recall@K", "ndcg@K", "map@K", "hit@K"
/// and "coverage@K" for each K.
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>Metric names, in the order they appear for each K.</summary>
    public static readonly IReadOnlyList<string> MetricNames = ["precision", "recall", "ndcg", "map", "hit", "coverage"];

    public EvaluationReport(IReadOnlyDictionary<string, double> metrics, IReadOnlyList<int> ks, int usersEvaluated, int usersUnscored)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(ks);
        Metrics = metrics;
        Ks = ks;
        UsersEvaluated = usersEvaluated;
        UsersUnscored = usersUnscored;
    }

    /// <summary>Metric key (e.g. "ndcg@10") to value.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The cut-offs evaluated.</summary>
    public IReadOnlyList<int> Ks { get; }

    /// <summary>Users with held-out items: the denominator of every per-user mean.</summary>
    public int UsersEvaluated { get; }

    /// <summary>Evaluated users the scorer could not score; they count as misses.</summary>
    public int UsersUnscored { get; }

    /// <summary>The value of <paramref name="metric"/> (e.g. "ndcg") at <paramref name="k"/>.</summary>
    public double Get(string metric, int k) => Metrics[Key(metric, k)];

    /// <summary>The dictionary key of a metric at K, e.g. Key("ndcg", 10) = "ndcg@10".</summary>
    public static string Key(string metric, int k) => string.Create(CultureInfo.InvariantCulture, $"{metric}@{k}");
}
