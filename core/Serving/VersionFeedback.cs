using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Core.Signal;

namespace Recommender.Core.Serving;

/// <summary>
/// How a version's training would weigh a user's feedback, applied at serving time so that a fold-in and a real-time
/// update see the signal the fit saw: a like counts as a positive by the version's positive threshold
/// (<see cref="SplitInfo.MinRating"/>, as the training merge does), then the version's signal applies its positive
/// threshold and binary weighting (<see cref="SignalInfo"/>). TF-IDF and BM25 need per-item statistics a version does not
/// publish, so under them a strength enters after the threshold step, without the per-item weight.
/// </summary>
internal static class VersionFeedback
{
    /// <summary>The feedback rules of the version's training merge.</summary>
    public static FeedbackWeights Weights(ServingModel model) => new() { PositiveFloor = (float)model.Package.Manifest.Split.MinRating };

    /// <summary>The weight the version's signal gives a strength; 0 when the signal drops it.</summary>
    public static float TrainingWeight(ServingModel model, float strength) => model.Package.Manifest.Signal is SignalInfo signal
        ? TrainingSignal.PreferenceWeight(strength, new SignalOptions
        {
            PositiveThreshold = signal.PositiveThreshold,
            BelowThresholdWeight = signal.BelowThresholdWeight,
            Weighting = string.Equals(signal.Weighting, "binary", StringComparison.Ordinal) ? InteractionWeighting.Binary : InteractionWeighting.None,
        })
        : strength;

    /// <summary>
    /// The items the model knows that the user's feedback gives a training weight above 0, and those weights: from the
    /// events by the version's rules where the source keeps them, else from the summarised strengths.
    /// </summary>
    public static (int[] Items, float[] Weights) ForFoldIn(ServingModel model, UserFeedback feedback)
    {
        IReadOnlyDictionary<string, float> strengths = feedback.Events.Count > 0 ? UserFeedback.FromEvents(feedback.Events, Weights(model)).Strengths : feedback.Strengths;
        var items = new List<int>(strengths.Count);
        var weights = new List<float>(strengths.Count);
        foreach (var (itemId, strength) in strengths)
        {
            float weight = TrainingWeight(model, strength);
            if (weight > 0 && model.Package.Items.TryGetIndex(itemId, out int index))
            {
                items.Add(index);
                weights.Add(weight);
            }
        }

        return (items.ToArray(), weights.ToArray());
    }
}
