using System.CommandLine;
using System.Text.Json;
using Recommender.Core.Data;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>generate</c>: writes a seeded synthetic MovieLens-format data set (ratings.csv, movies.csv).</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var defaults = new SyntheticDataOptions();
        var folder = CliOptions.Required("--out", "Folder to write ratings.csv and movies.csv into", "DIR");
        var users = CliOptions.Int("--users", defaults.Users, "Users", 1);
        var items = CliOptions.Int("--items", defaults.Items, "Items", 1);
        var interactions = CliOptions.Int("--interactions", defaults.Interactions, "Ratings to write", 1);
        var seed = CliOptions.Int("--seed", defaults.Seed, "Random seed; the same seed writes the same files");
        var command = new Command("generate", "Write a seeded synthetic data set in MovieLens format (ratings.csv, movies.csv)")
        {
            folder, users, items, interactions, seed,
        };
        command.SetAction((result, cancellationToken) =>
        {
            string outDir = result.GetValue(folder)!;
            var options = new SyntheticDataOptions
            {
                Users = result.GetValue(users),
                Items = result.GetValue(items),
                Interactions = result.GetValue(interactions),
                Seed = result.GetValue(seed),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            SyntheticDataSet data = SyntheticDataGenerator.Generate(outDir, options, cancellationToken);
            stderr.WriteLine($"generate: {data.Interactions} ratings for {data.Users} users and {data.Items} items in {outDir}");
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
            return Task.FromResult(0);
        });
        return command;
    }
}
