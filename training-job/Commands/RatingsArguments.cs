using Recommender.Core.Data;

namespace Recommender.TrainingJob.Commands;

/// <summary>Reads how the ratings file is laid out: <c>--format</c> and the generic CSV column names.</summary>
internal static class RatingsArguments
{
    public static RatingsLoadOptions Read(CommandArguments args)
    {
        string format = args.String("format") ?? "auto";
        return new RatingsLoadOptions
        {
            Format = format switch
            {
                "auto" => RatingsFormat.Auto,
                "movielens" => RatingsFormat.MovieLensCsv,
                "dat" => RatingsFormat.MovieLensDat,
                "csv" => RatingsFormat.GenericCsv,
                _ => throw new UsageException($"--format must be auto, movielens, dat or csv, not '{format}'."),
            },
            UserColumn = args.String("user-column"),
            ItemColumn = args.String("item-column"),
            ValueColumn = args.String("value-column"),
            TimestampColumn = args.String("timestamp-column"),
        };
    }
}
