using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Training;

namespace Recommender.TrainingJob.Training;

/// <summary>
/// The live model scored for the gate, with its metrics, a note on which users the comparison used, and the live
/// version as loaded (checksums verified) for the drift and data-quality reports.
/// </summary>
internal sealed record LiveComparison(LiveModel Live, IReadOnlyDictionary<string, double>? Metrics, string Basis, ModelPackage Model)
{
    /// <summary>
    /// Scores the live model against the candidate on held-out data it has not trained on. A live model fitted on the
    /// training split is scored on every held-out user. A live model refitted on every interaction has seen the
    /// held-out items of unchanged users, which would inflate its score, so both models are compared on the users
    /// whose held-out item the live model never saw; with fewer than <paramref name="minUsers"/> of those the live
    /// model's own held-out score from its manifest stands in.
    /// </summary>
    public static async Task<LiveComparison?> EvaluateAsync(
        ModelRepository repository, InteractionTable table, Core.Als.CsrMatrix train, int[] testRows, IItemScorer candidate,
        IReadOnlyList<int> ks, int minUsers, CancellationToken cancellationToken)
    {
        var current = await repository.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        var (pointer, etag) = current.Value;
        ModelPackage model = await repository.LoadAsync(pointer.Version, cancellationToken).ConfigureAwait(false);
        string metricKey = EvaluationReport.Key("ndcg", ks[0]);
        var liveScorer = new RemappedModelScorer(model, table.Users, table.Items);
        if (model.Manifest.Fit?.Published != FitInfo.AllInteractions)
        {
            EvaluationReport report = Evaluator.Evaluate(liveScorer, train, HeldOutSet.FromRows(table, testRows), ks);
            return new LiveComparison(new LiveModel(pointer.Version, etag, report.Metrics[metricKey]), report.Metrics, "all held-out users", model);
        }

        HeldOutSet fresh = HeldOutSet.FromRows(table, UnseenBy(model, table, testRows));
        if (fresh.Users.Count >= minUsers)
        {
            EvaluationReport liveReport = Evaluator.Evaluate(liveScorer, train, fresh, ks);
            EvaluationReport candidateReport = Evaluator.Evaluate(candidate, train, fresh, ks);
            var live = new LiveModel(pointer.Version, etag, liveReport.Metrics[metricKey]) { CandidateScore = candidateReport.Metrics[metricKey] };
            return new LiveComparison(live, liveReport.Metrics, $"{fresh.Users.Count} held-out users whose item the live model never trained on", model);
        }

        double recorded = model.Manifest.Metrics.TryGetValue(metricKey, out double score) ? score : 0;
        return new LiveComparison(
            new LiveModel(pointer.Version, etag, recorded),
            model.Manifest.Metrics,
            $"the live model's own held-out score (only {fresh.Users.Count} held-out users are new to it)",
            model);
    }

    /// <summary>The test rows whose (user, item) pair is not among the live model's seen items.</summary>
    private static int[] UnseenBy(ModelPackage model, InteractionTable table, int[] testRows)
    {
        var unseen = new List<int>(testRows.Length);
        foreach (int row in testRows)
        {
            bool knownUser = model.Users.TryGetIndex(table.Users[table.UserIndices[row]], out int user);
            bool knownItem = model.Items.TryGetIndex(table.Items[table.ItemIndices[row]], out int item);
            if (!knownUser || !knownItem || user >= model.SeenItems.Rows || model.SeenItems.RowColumns(user).BinarySearch(item) < 0)
            {
                unseen.Add(row);
            }
        }

        return [.. unseen];
    }
}
