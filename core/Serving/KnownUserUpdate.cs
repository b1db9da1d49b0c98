using Recommender.Core.Als;
using Recommender.Core.Feedback;

namespace Recommender.Core.Serving;

/// <summary>
/// Real-time updates for users the model knows. When a version publishes its fit's confidences
/// (<see cref="Artifacts.ModelPackage.SeenConfidence"/>) and a user has feedback logged after the version read the
/// feedback table, their vector is re-solved exactly over their training row plus that feedback, so a like counts at
/// once instead of at the next retrain. Feedback since the model becomes a strength by the training merge's rules
/// (in time order: a like adds 2 and makes the pair at least a positive, a view adds 0.25, a rating sets the rating, a
/// dislike removes the pair), then the weight the version's signal gives it (<see cref="VersionFeedback"/>; under TF-IDF
/// and BM25 with the item's published idf and, under BM25, the user's published training length), and its confidence
/// term c(w) − 1 is added to the training pair's; a dislike since the model removes the training pair from the system.
/// The training pairs keep their published confidences: new feedback does not re-weigh them, although under BM25 the
/// next training would count it in the user's length.
/// Under a version trained with recency weighting the new feedback is the user's latest, ranked among itself, and every
/// training pair moves back by as many ranks (<see cref="ServingRecency"/>).
/// </summary>
public static class KnownUserUpdate
{
    /// <summary>
    /// The user's system over their training row and the feedback logged since the version read the table; null when
    /// the version has no published confidences or no such feedback changes the user's interactions.
    /// </summary>
    public static UserSystem? TryBuild(ServingModel model, int user, UserFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(feedback);
        if (model.Package.SeenConfidence is not float[] published || feedback.Events.Count == 0)
        {
            return null;
        }

        Dictionary<int, float?> since = SinceModel(model, feedback.Events);
        if (since.Count == 0)
        {
            return null;
        }

        // From here a strength is the training weight the version's signal gives it (0: the signal drops it); under BM25
        // the user's history length is their published training length.
        float length = VersionFeedback.TrainingLength(model, user);
        foreach (int item in since.Keys.ToArray())
        {
            if (since[item] is float strength)
            {
                since[item] = VersionFeedback.TrainingWeight(model, item, strength, length);
            }
        }

        var (items, confidenceMinusOne) = TrainingRow(model, published, user);
        var position = new Dictionary<int, int>(items.Count + since.Count);
        for (int n = 0; n < items.Count; n++)
        {
            position[items[n]] = n;
        }

        AlsOptions options = UserSystem.OptionsOf(model.Package.Manifest.Hyperparameters);
        Dictionary<int, float> recency = RecencyFactors(model, feedback.Events, since, confidenceMinusOne, options);
        bool changed = false;
        foreach (var (item, strength) in since)
        {
            bool trained = position.TryGetValue(item, out int at);
            if (strength is not float s)
            {
                // A dislike since the model: the next training would drop the pair, so the update drops it too.
                if (trained)
                {
                    confidenceMinusOne[at] = float.NaN;
                    changed = true;
                }
            }
            else if (s > 0)
            {
                float term = options.ConfidenceOf(s * recency.GetValueOrDefault(item, 1f)) - 1f;
                if (trained)
                {
                    confidenceMinusOne[at] += term;
                }
                else
                {
                    items.Add(item);
                    confidenceMinusOne.Add(term);
                }

                changed = true;
            }
        }

        return changed ? Build(model, items, confidenceMinusOne) : null;
    }

    /// <summary>
    /// Under a version trained with recency weighting: every training pair moves back by the number of items fed back
    /// since, so its confidence is decayed by that many ranks here (in place); the returned factors are those of the
    /// fed-back items, ranked by their latest event. Without recency weighting nothing changes and none are returned.
    /// </summary>
    private static Dictionary<int, float> RecencyFactors(ServingModel model, IReadOnlyList<FeedbackEvent> events, Dictionary<int, float?> since, List<float> confidenceMinusOne, AlsOptions options)
    {
        var factors = new Dictionary<int, float>();
        if (ServingRecency.HalfLife(model) is not float halfLife)
        {
            return factors;
        }

        var items = new List<int>(since.Count);
        foreach (var (item, strength) in since)
        {
            if (strength > 0)
            {
                items.Add(item);
            }
        }

        float shift = ServingRecency.Factor(items.Count, halfLife);
        for (int n = 0; n < confidenceMinusOne.Count; n++)
        {
            confidenceMinusOne[n] = options.ConfidenceOf(options.StrengthOf(confidenceMinusOne[n]) * shift) - 1f;
        }

        var decay = new float[items.Count];
        Array.Fill(decay, 1f);
        ServingRecency.DecayByLatestEvent(model, events, items.ToArray(), decay, halfLife);
        for (int n = 0; n < items.Count; n++)
        {
            factors[items[n]] = decay[n];
        }

        return factors;
    }

    /// <summary>The user's system over their training row with the published confidences; null without them.</summary>
    public static UserSystem? Trained(ServingModel model, int user)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Package.SeenConfidence is not float[] published)
        {
            return null;
        }

        var (items, confidenceMinusOne) = TrainingRow(model, published, user);
        return Build(model, items, confidenceMinusOne);
    }

    /// <summary>Per item the model knows: the strength of the feedback logged since the version read the table, null for a dislike.</summary>
    private static Dictionary<int, float?> SinceModel(ServingModel model, IReadOnlyList<FeedbackEvent> events)
    {
        // A version that read no feedback table has none of the user's feedback in it.
        DateTimeOffset cutoff = model.Package.Manifest.Dataset.FeedbackReadAt ?? DateTimeOffset.MinValue;
        FeedbackWeights rules = VersionFeedback.Weights(model);
        var strengths = new Dictionary<int, float?>();
        foreach (FeedbackEvent e in events)
        {
            if ((e.LoggedAt ?? e.Timestamp) >= cutoff && model.Package.Items.TryGetIndex(e.ItemId, out int item))
            {
                strengths[item] = rules.Apply(strengths.GetValueOrDefault(item), e.Event, e.Value);
            }
        }

        return strengths;
    }

    private static (List<int> Items, List<float> ConfidenceMinusOne) TrainingRow(ServingModel model, float[] published, int user)
    {
        ReadOnlySpan<int> columns = model.Package.SeenItems.RowColumns(user);
        ReadOnlySpan<float> confidence = published.AsSpan(model.Package.SeenItems.RowPointers[user], columns.Length);
        var items = new List<int>(columns.Length + 8);
        var confidenceMinusOne = new List<float>(columns.Length + 8);
        for (int n = 0; n < columns.Length; n++)
        {
            // NaN: a seen pair the published fit did not train on (held out, or dropped by the weighting).
            if (!float.IsNaN(confidence[n]))
            {
                items.Add(columns[n]);
                confidenceMinusOne.Add(confidence[n]);
            }
        }

        return (items, confidenceMinusOne);
    }

    private static UserSystem Build(ServingModel model, List<int> items, List<float> confidenceMinusOne)
    {
        int kept = 0;
        foreach (float c in confidenceMinusOne)
        {
            kept += float.IsNaN(c) ? 0 : 1;
        }

        var keptItems = new int[kept];
        var keptConfidence = new float[kept];
        int next = 0;
        for (int n = 0; n < items.Count; n++)
        {
            if (!float.IsNaN(confidenceMinusOne[n]))
            {
                keptItems[next] = items[n];
                keptConfidence[next++] = confidenceMinusOne[n];
            }
        }

        return new UserSystem(model, keptItems, keptConfidence);
    }
}
