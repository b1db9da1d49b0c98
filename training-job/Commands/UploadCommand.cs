using System.CommandLine;
using Azure.Storage.Blobs;
using Recommender.Core.AzureStorage;

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

        StorageAccountSettings account;
        try
        {
            account = store is not null ? StorageAccountSettings.FromStoreArgument(store) : StorageAccountSettings.FromConfiguration(Environment.GetEnvironmentVariable);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new UsageException($"No usable storage connection: {ex.Message} Give --store or set RecommenderStorage.");
        }

        BlobContainerClient container = account.CreateBlobServiceClient().GetBlobContainerClient(target[..slash]);
        await using FileStream content = File.OpenRead(file);
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await container.GetBlobClient(target[(slash + 1)..]).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Upload to {target}", container.Uri);
        }

        stderr.WriteLine($"upload: {file} -> {target} ({content.Length} bytes)");
        var summary = new Dictionary<string, object> { ["blob"] = target, ["bytes"] = content.Length };
        stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(summary, CommandJson.Default.DictionaryStringObject));
        return 0;
    }
}
