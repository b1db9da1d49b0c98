namespace Recommender.Functions.Hosting;

/// <summary>
/// App settings the app reads; names match local.settings.sample.json and the Bicep app settings. AdminKey is not
/// among them: function keys are the host's business (the local host stand-in reads AdminKey itself).
/// </summary>
public sealed record RecommenderOptions
{
    /// <summary>Seconds between checks of current.json for a newly activated model. Default 30.</summary>
    public int ModelRefreshSeconds { get; init; } = 30;

    /// <summary>NCRONTAB (6 fields) of the nightly retrain. Default 0 0 3 * * *.</summary>
    public string RetrainSchedule { get; init; } = "0 0 3 * * *";

    /// <summary>"process" (run the training job locally) or "containerapps" (start the Container Apps Job). Default process.</summary>
    public string TrainingLauncher { get; init; } = "process";

    /// <summary>Resource id of the Container Apps Job the containerapps launcher starts.</summary>
    public string? TrainingJobResourceId { get; init; }

    /// <summary>
    /// Process launcher only: options added to <c>training-job train</c>, separated by spaces (for example
    /// <c>--allow-drift</c> so a drifted nightly model can still be promoted). Checked at startup
    /// (<see cref="Training.TrainingExtraArguments"/>); in Azure the job's own arguments (Bicep <c>trainingArgs</c>) apply.
    /// Default empty.
    /// </summary>
    public string? TrainingExtraArguments { get; init; }

    /// <summary>Seconds between reads of new feedback (dislikes, fold-in events) from table storage into memory. Default 30.</summary>
    public int FeedbackCacheSeconds { get; init; } = 30;

    /// <summary>
    /// Days the feedback timeline (table <c>feedbackbytime</c>) keeps an hour before PruneFeedbackTimeline deletes it.
    /// Readers ask the timeline only for the last FeedbackCacheSeconds plus a 5-minute overlap (a full load reads table
    /// <c>feedback</c>, which is never pruned), so two days leave ample room. Default 2.
    /// </summary>
    public int FeedbackTimelineRetentionDays { get; init; } = 2;

    /// <summary>
    /// Seconds between reads of the serving rules (blocked items) from table storage; a change made on another instance
    /// takes effect here within this interval (on the instance that received it, at once). Default 30.
    /// </summary>
    public int RulesRefreshSeconds { get; init; } = 30;

    /// <summary>
    /// /api/similar lists only items at least this many users interacted with (the cosine is also shrunk by support).
    /// Default 5, chosen by the held-out co-occurrence hit rate on MovieLens (README, "Similar items").
    /// </summary>
    public int SimilarItemsMinSupport { get; init; } = Core.Serving.SimilarItemsOptions.Default.MinSupport;

    /// <summary>
    /// Share (0-1) of served recommendation lists logged as impressions (queue and table <c>impressions</c>) for the
    /// online metrics. Default 1: every list.
    /// </summary>
    public double ImpressionSampleRate { get; init; } = 1;
}
