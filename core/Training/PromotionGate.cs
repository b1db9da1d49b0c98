using System.Globalization;
using Recommender.Core.Artifacts;

namespace Recommender.Core.Training;

/// <summary>
/// The promotion gate. A candidate becomes current only when it was evaluated on at least
/// <paramref name="minTestUsers"/> users, beats the popularity baseline by the relative margin
/// <paramref name="minLiftOverPopularity"/>, and scores at least the live model's score plus
/// <paramref name="minImprove"/> (a first model skips only the last check). Promotion writes only over the exact
/// current.json that was evaluated (If-Match on its ETag), so two runs finishing together cannot both win.
/// </summary>
/// <param name="metricKey">The promotion metric, e.g. ndcg@10; named in the reasons.</param>
/// <param name="minImprove">How much the candidate must gain over the live model; negative lets a worse model through.</param>
/// <param name="minLiftOverPopularity">Relative margin over popularity: 0.05 needs a score of at least 1.05x popularity's
/// (and always strictly above it). Default 0 asks only for strictly better than popularity.</param>
/// <param name="minTestUsers">Fewest evaluated users whose scores the gate trusts. Default 1.</param>
public sealed class PromotionGate(string metricKey, double minImprove, double minLiftOverPopularity = 0, int minTestUsers = 1)
{
    public string MetricKey { get; } = metricKey;

    public double MinImprove { get; } = minImprove;

    public double MinLiftOverPopularity { get; } = minLiftOverPopularity;

    public int MinTestUsers { get; } = minTestUsers;

    /// <summary>Whether the live comparison alone lets the candidate through, and the sentence that says so.</summary>
    public PromotionDecision Judge(double candidateScore, LiveModel? live)
    {
        if (live is null)
        {
            return new PromotionDecision(true, "first model: promoted");
        }

        // NaN never passes: a broken evaluation must not replace a working model.
        return candidateScore >= live.Score + MinImprove
            ? new PromotionDecision(true, Invariant($"{MetricKey} {candidateScore:F4} >= live {live.Score:F4} + min-improve {MinImprove}: promoted"))
            : new PromotionDecision(false, Invariant($"{MetricKey} {candidateScore:F4} < live {live.Version} {live.Score:F4} + min-improve {MinImprove}: not promoted"));
    }

    /// <summary>
    /// The whole gate: enough evaluated users, better than popularity by the margin, then the live comparison. The
    /// first failing check names itself in the reason.
    /// </summary>
    public PromotionDecision Judge(CandidateEvidence candidate, LiveModel? live)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.UsersEvaluated < MinTestUsers)
        {
            // Too few held-out users (for example a positive threshold no rating reaches) says nothing about quality.
            return new PromotionDecision(false, Invariant($"evaluated on {candidate.UsersEvaluated} users < min-test-users {MinTestUsers}: not promoted"));
        }

        double bar = candidate.PopularityScore * (1 + MinLiftOverPopularity);
        if (!(candidate.Score >= bar && candidate.Score > candidate.PopularityScore))
        {
            return new PromotionDecision(false, Invariant(
                $"{MetricKey} {candidate.Score:F4} does not beat popularity {candidate.PopularityScore:F4} by min-lift {MinLiftOverPopularity * 100:0.##}%: not promoted"));
        }

        return Judge(live?.CandidateScore ?? candidate.Score, live);
    }

    /// <summary>Judges the published <paramref name="version"/> on the live score alone and, when it passes, points current.json at it.</summary>
    public Task<PromotionDecision> PromoteAsync(ModelRepository repository, string version, double candidateScore, LiveModel? live, CancellationToken cancellationToken = default) =>
        PromoteAsync(repository, version, Judge(candidateScore, live), live, cancellationToken);

    /// <summary>Points current.json at <paramref name="version"/> when <paramref name="verdict"/> passed, over the evaluated pointer only.</summary>
    public static async Task<PromotionDecision> PromoteAsync(ModelRepository repository, string version, PromotionDecision verdict, LiveModel? live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(verdict);
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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
