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

    /// <summary>Table of training runs.</summary>
    public const string TrainingRunsTable = "trainingruns";

    /// <summary>Table of serving rules (blocked items).</summary>
    public const string RulesTable = "rules";
}
