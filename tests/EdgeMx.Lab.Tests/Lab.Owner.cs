namespace EdgeMx.Lab.Tests;

// Labs created by tests carry an owner stamp (pid + start time of the test host). A test run that was killed never
// tore its lab down; the next run finds the stamp of a dead process and removes that lab. Labs without a stamp (the
// demo's, a developer's `lab.sh up`) are never touched.
public sealed partial class Lab
{
    private const string OwnerFile = "owner";

    /// <summary>Tears down every test lab whose owning process is gone; returns their prefixes.</summary>
    public static async Task<IReadOnlyList<string>> ReapAbandonedAsync()
    {
        var reaped = new List<string>();
        if (!Directory.Exists(StateRoot)) return reaped;
        foreach (var dir in Directory.GetDirectories(StateRoot))
        {
            var stampFile = Path.Combine(dir, OwnerFile);
            if (!File.Exists(stampFile)) continue;
            var stamp = (await File.ReadAllTextAsync(stampFile)).Trim();
            var pid = int.TryParse(stamp.Split(' ')[0], out var p) ? p : -1;
            if (pid > 0 && OwnerStamp(pid) == stamp) continue; // owner still runs
            var lab = new Lab(Path.GetFileName(dir));
            await lab.TryScriptAsync(TimeSpan.FromSeconds(60), CancellationToken.None, "down");
            reaped.Add(lab.Prefix);
        }
        return reaped;
    }

    // "pid starttime" (field 22 of /proc/PID/stat), so a reused pid does not look like the owner.
    private static string OwnerStamp(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{pid} {afterName[19]}"; // fields 3.. follow the command name; starttime is field 22
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
