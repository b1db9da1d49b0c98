using System.CommandLine;

namespace Recommender.TrainingJob.Commands;

/// <summary>Where <c>train</c> reads blob inputs and writes models, as given on the command line.</summary>
internal sealed record StoreSelection(string? OutDir, string? Store, bool NoFeedback, string? ModelsContainer, string? FeedbackTable);

/// <summary>The options that choose the model store: <c>--out</c>, <c>--store</c> and the container and table names.</summary>
internal sealed class StoreOptionSet
{
    private readonly Option<string?> _out = CliOptions.Optional("--out", "Write models to this local folder (laid out like the models container) instead of blob storage", "DIR");
    private readonly Option<string?> _store = CliOptions.Optional("--store", "Storage connection string or blob account URL (identity); default: the RecommenderStorage setting", "CONNECTION");
    private readonly Option<bool> _noFeedback = CliOptions.Flag("--no-feedback", "Train on the ratings alone, without merging the feedback table");
    private readonly Option<string?> _container = CliOptions.Optional("--models-container", "Blob container of the models (default: models)", "NAME");
    private readonly Option<string?> _table = CliOptions.Optional("--feedback-table", "Table holding feedback events (default: feedback)", "NAME");

    public void AddTo(Command command)
    {
        command.Options.Add(_out);
        command.Options.Add(_store);
        command.Options.Add(_noFeedback);
        command.Options.Add(_container);
        command.Options.Add(_table);
    }

    public StoreSelection Read(ParseResult result) => new(
        result.GetValue(_out),
        result.GetValue(_store),
        result.GetValue(_noFeedback),
        result.GetValue(_container),
        result.GetValue(_table));
}
