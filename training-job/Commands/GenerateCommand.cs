using System.Text.Json;
using Recommender.Core.Data;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>generate</c>: writes a seeded synthetic MovieLens-format data set (ratings.csv, movies.csv).</summary>
internal static class GenerateCommand
{
    public static int Run(CommandArguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var defaults = new SyntheticDataOptions();
        string folder = args.RequiredString("out");
        var options = new SyntheticDataOptions
        {
            Users = args.Int("users", defaults.Users, 1),
            Items = args.Int("items", defaults.Items, 1),
            Interactions = args.Int("interactions", defaults.Interactions, 1),
            Seed = args.Int("seed", defaults.Seed),
        };
        args.ThrowOnUnknown();
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        SyntheticDataSet data = SyntheticDataGenerator.Generate(folder, options, cancellationToken);
        stderr.WriteLine($"generate: {data.Interactions} ratings for {data.Users} users and {data.Items} items in {folder}");
        var summary = new Dictionary<string, object>
        {
            ["ratings"] = data.RatingsPath,
            ["movies"] = data.MoviesPath,
            ["users"] = data.Users,
            ["items"] = data.Items,
            ["interactions"] = data.Interactions,
            ["seed"] = options.Seed,
        };
        stdout.WriteLine(JsonSerializer.Serialize(summary, CommandJson.Default.DictionaryStringObject));
        return 0;
    }
}
