using System.CommandLine;
using Recommender.Core.Data;

namespace Recommender.TrainingJob.Commands;

/// <summary>How the ratings file is laid out: <c>--format</c> and the generic CSV/Parquet column names.</summary>
internal sealed class RatingsOptionSet
{
    private readonly Option<string> _format = CliOptions.Choice(
        "--format",
        "auto",
        "Ratings layout. auto: Parquet by content, .dat (MovieLens 1M/10M) and .data (MovieLens 100K) by name, MovieLens or user_id,item_id,strength,timestamp by header, else the named columns; data: MovieLens 100K under any name (u1.base)",
        "auto",
        "movielens",
        "dat",
        "data",
        "csv");

    private readonly Option<string?> _user = CliOptions.Optional("--user-column", "Generic CSV or Parquet: the user id column (header name, any case)", "NAME");
    private readonly Option<string?> _item = CliOptions.Optional("--item-column", "Generic CSV or Parquet: the item id column", "NAME");
    private readonly Option<string?> _value = CliOptions.Optional("--value-column", "Generic CSV or Parquet: the rating or strength column; without it every row counts 1", "NAME");
    private readonly Option<string?> _timestamp = CliOptions.Optional("--timestamp-column", "Generic CSV or Parquet: the event time column (unix seconds or ISO-8601); without it times are 0", "NAME");

    public void AddTo(Command command)
    {
        command.Options.Add(_format);
        command.Options.Add(_user);
        command.Options.Add(_item);
        command.Options.Add(_value);
        command.Options.Add(_timestamp);
    }

    public RatingsLoadOptions Read(ParseResult result) => new()
    {
        Format = result.GetValue(_format) switch
        {
            "movielens" => RatingsFormat.MovieLensCsv,
            "dat" => RatingsFormat.MovieLensDat,
            "data" => RatingsFormat.MovieLens100K,
            "csv" => RatingsFormat.GenericCsv,
            _ => RatingsFormat.Auto,
        },
        UserColumn = result.GetValue(_user),
        ItemColumn = result.GetValue(_item),
        ValueColumn = result.GetValue(_value),
        TimestampColumn = result.GetValue(_timestamp),
    };
}
