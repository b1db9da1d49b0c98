namespace Recommender.Core.AzureStorage;

/// <summary>Container, queue and table names fixed by the platform notes; infra creates the same ones.</summary>
public static class StorageLayout
{
    /// <summary>Blob container of model versions and current.json.</summary>
    public const string ModelsContainer = "models";

    /// <summary>Blob container of training inputs (ratings, item catalogue).</summary>
    public const string DataContainer = "data";

    /// <summary>Queue of accepted feedback events.</summary>
    public const string FeedbackQueue = "feedback";

    /// <summary>Queue of feedback messages that could not be processed.</summary>
    public const string FeedbackPoisonQueue = "feedback-poison";

    /// <summary>Table of logged feedback events.</summary>
    public const string FeedbackTable = "feedback";

    /// <summary>Table of the same events ordered by the time they were logged, for incremental reads (see FeedbackTimeline).</summary>
    public const string FeedbackTimelineTable = "feedbackbytime";

    /// <summary>Queue of served recommendation lists (impressions) on their way to the table.</summary>
    public const string ImpressionsQueue = "impressions";

    /// <summary>Queue of impression messages that could not be processed.</summary>
    public const string ImpressionsPoisonQueue = "impressions-poison";

    /// <summary>Table of logged impressions and their outcomes (likes, dislikes).</summary>
    public const string ImpressionsTable = "impressions";

    /// <summary>Table of training runs.</summary>
    public const string TrainingRunsTable = "trainingruns";

    /// <summary>Table of serving rules (blocked items).</summary>
    public const string RulesTable = "rules";
}
