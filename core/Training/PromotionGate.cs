using Recommender.Core.Artifacts;

namespace Recommender.Core.Training;

/// <summary>
/// The promotion gate: a candidate becomes current only when it scores at least the live model's score plus
/// <paramref name="minImprove"/> on the promotion metric (the first model is always promoted), and only over the exact
/// current.json that was evaluated (If-Match on its ETag), so two runs finishing together cannot both win.
/// </summary>
/// <param name="metricKey">The promotion metric, e.g. ndcg@10; named in the reasons.</param>
/// <param name="minImprove">How much the candidate must gain over the live model; negative lets a worse model through.</param>
public sealed class PromotionGate(string metricKey, double minImprove)
{
    public string MetricKey { get; } = metricKey;

    public double MinImprove { get; } = minImprove;

    /// <summary>Whether the scores alone let the candidate through, and the sentence that says so.</summary>
    public PromotionDecision Judge(double candidateScore, LiveModel? live)
    {
        if (live is null)
        {
            return new PromotionDecision(true, "first model: promoted");
        }

        // NaN never passes: a broken evaluation must not replace a working model.
        return candidateScore >= live.Score + MinImprove
            ? new PromotionDecision(true, $"{MetricKey} {candidateScore:F4} >= live {live.Score:F4} + min-improve {MinImprove}: promoted")
            : new PromotionDecision(false, $"{MetricKey} {candidateScore:F4} < live {live.Version} {live.Score:F4} + min-improve {MinImprove}: not promoted");
    }

    /// <summary>Judges the published <paramref name="version"/> and, when it passes, points current.json at it.</summary>
    public async Task<PromotionDecision> PromoteAsync(ModelRepository repository, string version, double candidateScore, LiveModel? live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        PromotionDecision verdict = Judge(candidateScore, live);
        if (!verdict.Promoted)
        {
            return verdict;
        }

        bool written = await repository.TrySetCurrentAsync(version, "promoted", live?.Version, live?.ETag, cancellationToken).ConfigureAwait(false);
        if (written)
        {
            return verdict;
        }

        return new PromotionDecision(false, live is null
            ? "another run promoted a first model at the same time; this version stays inactive"
            : "current.json changed while this run was evaluating (another run promoted first); this version stays inactive");
    }
}
