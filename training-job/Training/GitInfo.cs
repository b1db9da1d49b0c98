using System.Diagnostics;

namespace Recommender.TrainingJob.Training;

/// <summary>The source commit for provenance: GIT_COMMIT (set in container builds) or <c>git rev-parse HEAD</c>.</summary>
internal static class GitInfo
{
    public static string? Commit()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("GIT_COMMIT");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            });
            if (git is null || !git.WaitForExit(2000) || git.ExitCode != 0)
            {
                return null;
            }

            string commit = git.StandardOutput.ReadToEnd().Trim();
            return commit.Length == 40 ? commit : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // git is not installed (as in the runtime container): provenance then relies on GIT_COMMIT.
            return null;
        }
    }
}
