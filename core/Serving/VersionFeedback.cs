using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Core.Signal;

namespace Recommender.Core.Serving;

/// <summary>
/// How a version's training would weigh a user's feedback, applied at serving time so that a fold-in and a real-time
/// update see the signal the fit saw: a like counts as a positive by the version's positive threshold
/// (<see cref="SplitInfo.MinRating"/>, as the training merge does), then the version's signal applies its positive
/// threshold and binary weighting (<see cref="SignalInfo"/>), then, under TF-IDF and BM25, the per-item weight with
/// the idf the published fit used (<see cref="ModelPackage.SignalItemIdf"/>) and, under BM25, its saturation and
/// history-length normalisation by the fit's average length (<see cref="SignalInfo.Bm25AverageLength"/>). A version
/// published without those statistics gets its strengths after the threshold step only.
/// </summary>
internal static class VersionFeedback
{
    /// <summary>The feedback rules of the version's training merge.</summary>
    public static FeedbackWeights Weights(ServingModel model) => new() { PositiveFloor = (float)model.Package.Manifest.Split.MinRating };

    /// <summary>
    /// The weight the version's signal gives a strength of <paramref name="item"/>; 0 when the signal drops it.
    /// </summary>
    /// <param name="model">The version.</param>
    /// <param name="item">The item's index in the version.</param>
    /// <param name="strength">The feedback strength.</param>
    /// <param name="userLength">
    /// Under BM25, the user's history length: for a user the model knows, their training length
    /// (<see cref="TrainingLength"/>); for a new user, the sum of their feedback's preference weights. Ignored otherwise.
    /// </param>
    public static float TrainingWeight(ServingModel model, int item, float strength, float userLength) =>
        Signal(model) is SignalOptions signal ? Weigh(model, signal, item, TrainingSignal.PreferenceWeight(strength, signal), userLength) : strength;

    /// <summary>
    /// Under BM25, a known user's length in the published fit's matrix (<see cref="ModelPackage.SignalUserLengths"/>);
    /// 0 otherwise, where no length is used.
    /// </summary>
    public static float TrainingLength(ServingModel model, int user) => model.Package.SignalUserLengths is float[] lengths ? lengths[user] : 0f;

    /// <summary>
    /// The items the model knows that the user's feedback gives a training weight above 0, and those weights: from the
    /// events by the version's rules where the source keeps them, else from the summarised strengths. Under BM25 the
    /// user's length is the sum of those items' preference weights, as a training row's is.
    /// </summary>
    public static (int[] Items, float[] Weights) ForFoldIn(ServingModel model, UserFeedback feedback)
    {
        IReadOnlyDictionary<string, float> strengths = feedback.Events.Count > 0 ? UserFeedback.FromEvents(feedback.Events, Weights(model)).Strengths : feedback.Strengths;
        SignalOptions? signal = Signal(model);
        var items = new List<int>(strengths.Count);
        var weights = new List<float>(strengths.Count);
        foreach (var (itemId, strength) in strengths)
        {
            float weight = signal is null ? strength : TrainingSignal.PreferenceWeight(strength, signal);
            if (weight > 0 && model.Package.Items.TryGetIndex(itemId, out int index))
            {
                items.Add(index);
                weights.Add(weight);
            }
        }

        int[] foldInItems = items.ToArray();
        float[] foldInWeights = weights.ToArray();
        if (signal is null || model.Package.SignalItemIdf is not float[] idf)
        {
            return (foldInItems, foldInWeights);
        }

        // Summed in item order, as a training row is, so a row fed back as it was trained gets its length to the bit.
        Array.Sort(foldInItems, foldInWeights);
        float length = 0;
        foreach (float w in foldInWeights)
        {
            length += w;
        }

        TrainingSignal.WeighUser(foldInWeights, foldInItems, idf, signal, model.Package.Manifest.Signal?.Bm25AverageLength ?? 1f, length);
        return WithoutZeros(foldInItems, foldInWeights);
    }

    /// <summary>
    /// The version's signal as serving applies it: TF-IDF and BM25 only where the version published their statistics,
    /// otherwise no per-item weighting; null for a version without a recorded signal.
    /// </summary>
    private static SignalOptions? Signal(ServingModel model)
    {
        if (model.Package.Manifest.Signal is not SignalInfo signal)
        {
            return null;
        }

        SignalOptions recorded = RecordedOptions.Signal(signal);
        bool published = recorded.Weighting switch
        {
            InteractionWeighting.TfIdf => model.Package.SignalItemIdf is not null,
            InteractionWeighting.Bm25 => model.Package.SignalItemIdf is not null && model.Package.SignalUserLengths is not null && signal.Bm25AverageLength is not null,
            _ => true,
        };

        // Recency is applied by ServingRecency, which knows the order of the user's events.
        return recorded with { Weighting = published ? recorded.Weighting : InteractionWeighting.None, RecencyHalfLife = null };
    }

    private static float Weigh(ServingModel model, SignalOptions signal, int item, float preference, float userLength)
    {
        if (model.Package.SignalItemIdf is not float[] idf || signal.Weighting is not (InteractionWeighting.TfIdf or InteractionWeighting.Bm25))
        {
            return preference;
        }

        float weight = preference;
        TrainingSignal.WeighUser(new Span<float>(ref weight), new ReadOnlySpan<int>(in item), idf, signal, model.Package.Manifest.Signal?.Bm25AverageLength ?? 1f, userLength);
        return weight;
    }

    /// <summary>The pairs whose weight stayed above 0 (an item no training user kept has idf 0, so the fit had no weight for it).</summary>
    private static (int[] Items, float[] Weights) WithoutZeros(int[] items, float[] weights)
    {
        int kept = 0;
        foreach (float w in weights)
        {
            kept += w > 0 ? 1 : 0;
        }

        if (kept == weights.Length)
        {
            return (items, weights);
        }

        var keptItems = new int[kept];
        var keptWeights = new float[kept];
        int next = 0;
        for (int n = 0; n < weights.Length; n++)
        {
            if (weights[n] > 0)
            {
                keptItems[next] = items[n];
                keptWeights[next++] = weights[n];
            }
        }

        return (keptItems, keptWeights);
    }
}
