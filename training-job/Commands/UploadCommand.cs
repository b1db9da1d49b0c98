using System.CommandLine;
using Recommender.Core.Storage;

namespace Recommender.TrainingJob.Commands;

/// <summary><c>upload</c>: copies a local file to a blob (e.g. ratings into the data container), for dev and operators.</summary>
internal static class UploadCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = CliOptions.Required("--file", "Local file to upload", "FILE");
        var blob = CliOptions.Required("--blob", "Destination as container/path, e.g. data/ratings.csv", "CONTAINER/PATH");
        var store = CliOptions.Optional("--store", "Storage connection string; default: the RecommenderStorage setting", "CONNECTION");
        var command = new Command("upload", "Copy a local file to a blob (e.g. ratings into the data container)") { file, blob, store };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(file)!, result.GetValue(blob)!, result.GetValue(store), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string file, string target, string? store, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        int slash = target.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == target.Length - 1)
        {
            throw new UsageException($"--blob must be container/path, not '{target}'.");
        }

        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"File '{file}' does not exist.", file);
        }

        StorageConnection connection;
        try
        {
            connection = store is not null ? StorageConnection.Parse(store) : StorageConnection.FromConfiguration(Environment.GetEnvironmentVariable);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new UsageException($"No usable storage connection: {ex.Message} Give --store or set RecommenderStorage.");
        }

        var blobs = new BlobStorageClient(connection);
        string container = target[..slash];
        await blobs.CreateContainerIfNotExistsAsync(container, cancellationToken).ConfigureAwait(false);
        await using FileStream content = File.OpenRead(file);
        BlobWriteResult result = await blobs.UploadAsync(container, target[(slash + 1)..], content, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new IOException($"Upload to {target} failed: {result.Status}.");
        }

        stderr.WriteLine($"upload: {file} -> {target} ({content.Length} bytes)");
        var summary = new Dictionary<string, object> { ["blob"] = target, ["bytes"] = content.Length };
        stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(summary, CommandJson.Default.DictionaryStringObject));
        return 0;
    }
}
