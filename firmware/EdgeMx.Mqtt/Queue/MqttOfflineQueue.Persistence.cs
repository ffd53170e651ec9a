using System.Buffers.Binary;
using System.Text;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Queue;

/// <summary>
/// On-disk form: <c>queue.log</c>, an append-only log.
/// <code>
/// file   = "EMXQ" version(1) 000000 | record*
/// record = body length (u32 LE) | CRC-32 of body (u32 LE) | body
/// body   = 01 message   id(i64) tag(i64) enqueued-unix-ms(i64) qos(u8) flags(u8) [expiry(u32)] topic(str)
///                       [content-type(str)] [response-topic(str)] [correlation(bin)] payload(u32 len + bytes)
///        | 02 removal   id(i64) reason(u8)
///        | 03 checkpoint next-id(i64) highest-tag(i64) dropped-total(i64)
/// str/bin = u16 LE length + bytes
/// </code>
/// Replay stops at the first record that is short or fails its CRC (a write torn by power loss) and the file is cut
/// there. On open, and when removals outweigh live data, the log is rewritten to a temporary file (checkpoint +
/// live messages), flushed to disk and renamed over the old one, so a crash mid-way leaves one complete log.
/// </summary>
public sealed partial class MqttOfflineQueue
{
    private const string FileName = "queue.log";
    private static readonly byte[] Magic = "EMXQ\x01\0\0\0"u8.ToArray();
    private const byte KindMessage = 1, KindRemoval = 2, KindCheckpoint = 3;
    private const byte FlagRetain = 1, FlagExpiry = 2, FlagContentType = 4, FlagResponseTopic = 8, FlagCorrelation = 16, FlagUtf8 = 32;
    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirectoryMode0700 = FileMode0600 | UnixFileMode.UserExecute;

    private FileStream? _file;
    private string? _persistenceError;
    private long _deadRecords;

    /// <summary>Records lost to corruption at the last open (a torn tail or a bad CRC).</summary>
    public long DiscardedOnLoad { get; private set; }

    private string? LogPath => Options.Directory is { } d ? Path.Combine(d, FileName) : null;

    private void Load()
    {
        if (LogPath is not { } path) return;
        try
        {
            if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(Options.Directory!);
            else System.IO.Directory.CreateDirectory(Options.Directory!, DirectoryMode0700);
            if (File.Exists(path)) Replay(path);
            // Options may have shrunk since the last run: make the queue fit now, oldest out first.
            while (_count > 0 && (_count > Options.MaxMessages || _bytes > Options.MaxBytes))
            {
                var oldest = FirstLiveLocked()!;
                oldest.Removed = true;
                _count--;
                _bytes -= oldest.Size;
                _droppedTotal++;
            }
            while (_head < _items.Count && _items[_head].Removed) _head++;
            Rewrite(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            FailPersistence($"cannot use {path}: {e.Message}");
        }
    }

    private void Replay(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            // Not ours (or from an incompatible version): keep it aside for inspection, start empty.
            File.Move(path, path + ".unreadable", overwrite: true);
            DiscardedOnLoad++;
            return;
        }
        var offset = Magic.Length;
        var byId = new Dictionary<long, QueuedMessage>();
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 8) { DiscardedOnLoad++; break; }
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (length == 0 || length > bytes.Length - offset - 8) { DiscardedOnLoad++; break; }
            var body = bytes.AsSpan(offset + 8, (int)length);
            if (Crc32.Compute(body) != crc || !ApplyRecord(body, byId)) { DiscardedOnLoad++; break; }
            offset += 8 + (int)length;
        }
    }

    private bool ApplyRecord(ReadOnlySpan<byte> body, Dictionary<long, QueuedMessage> byId)
    {
        var r = new RecordReader(body);
        try
        {
            switch (r.Byte())
            {
                case KindCheckpoint:
                    _nextId = Math.Max(_nextId, r.Int64());
                    _highestTag = Math.Max(_highestTag, r.Int64());
                    _droppedTotal = Math.Max(_droppedTotal, r.Int64());
                    return r.End;
                case KindMessage:
                    var item = ReadMessage(ref r);
                    // Ids only grow (a checkpoint's next-id precedes the live messages it kept, so it is not a bound).
                    if (!r.End || (_items.Count > 0 && item.Id <= _items[^1].Id)) return false;
                    _nextId = Math.Max(_nextId, item.Id + 1);
                    _items.Add(item);
                    byId[item.Id] = item;
                    _count++;
                    _bytes += item.Size;
                    if (item.Tag > _highestTag) _highestTag = item.Tag;
                    return true;
                case KindRemoval:
                    var id = r.Int64();
                    var reason = (MqttQueueRemoval)r.Byte();
                    if (!r.End) return false;
                    if (byId.Remove(id, out var removed) && !removed.Removed)
                    {
                        removed.Removed = true;
                        _count--;
                        _bytes -= removed.Size;
                        if (reason == MqttQueueRemoval.Overflow) _droppedTotal++;
                    }
                    return true;
                default:
                    return false;
            }
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private QueuedMessage ReadMessage(ref RecordReader r)
    {
        var id = r.Int64();
        var tag = r.Int64();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(r.Int64());
        var qos = r.Byte();
        if (qos > 2) throw new InvalidDataException("qos");
        var flags = r.Byte();
        uint? expiry = (flags & FlagExpiry) != 0 ? r.UInt32() : null;
        var topic = r.String();
        var contentType = (flags & FlagContentType) != 0 ? r.String() : null;
        var responseTopic = (flags & FlagResponseTopic) != 0 ? r.String() : null;
        var correlation = (flags & FlagCorrelation) != 0 ? r.Binary() : null;
        var payload = r.Payload();
        var message = new MqttApplicationMessage
        {
            Topic = topic, Payload = payload, Qos = (MqttQos)qos, Retain = (flags & FlagRetain) != 0,
            MessageExpiryInterval = expiry, PayloadIsUtf8 = (flags & FlagUtf8) != 0, ContentType = contentType,
            ResponseTopic = responseTopic, CorrelationData = correlation,
        };
        return new QueuedMessage(id, tag, at, message, SizeOf(message));
    }

    /// <summary>Writes checkpoint + live messages to a temporary file, syncs it and renames it into place.</summary>
    private void Rewrite(string path)
    {
        CloseFile();
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, Private(new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write })))
        {
            stream.Write(Magic);
            WriteRecord(stream, CheckpointBody());
            for (var i = _head; i < _items.Count; i++)
                if (!_items[i].Removed) WriteRecord(stream, MessageBody(_items[i]));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        _items.RemoveAll(m => m.Removed);
        _head = 0;
        _deadRecords = 0;
        _file = new FileStream(path, Private(new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read }));
    }

    // Event details are not secrets, but nothing about the appliance's history is for other local users: 0600.
    private static FileStreamOptions Private(FileStreamOptions options)
    {
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode0600;
        return options;
    }

    private void AppendMessageRecord(QueuedMessage item)
    {
        if (_file is null) return;
        try
        {
            WriteRecord(_file, MessageBody(item));
            _file.Flush(flushToDisk: Options.SyncWrites); // an accepted message survives a power cut
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            FailPersistence($"writing {LogPath}: {e.Message}");
        }
    }

    private void AppendRemovalRecord(long id, MqttQueueRemoval reason)
    {
        if (_file is null) return;
        try
        {
            Span<byte> body = stackalloc byte[10];
            body[0] = KindRemoval;
            BinaryPrimitives.WriteInt64LittleEndian(body[1..], id);
            body[9] = (byte)reason;
            WriteRecord(_file, body);
            // Not synced: a removal lost to a power cut only means one duplicate delivery (QoS 1 allows it).
            _file.Flush(flushToDisk: false);
            _deadRecords += 2;
            if (_deadRecords > 4096 && _deadRecords > 4L * _count) Rewrite(LogPath!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            FailPersistence($"writing {LogPath}: {e.Message}");
        }
    }

    private void FailPersistence(string error)
    {
        _persistenceError ??= error;
        CloseFile();
    }

    private void CloseFile()
    {
        try { _file?.Dispose(); }
        catch (IOException) { }
        _file = null;
    }

    private static void WriteRecord(Stream stream, ReadOnlySpan<byte> body)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.Compute(body));
        stream.Write(header);
        stream.Write(body);
    }

    private byte[] CheckpointBody()
    {
        var body = new byte[25];
        body[0] = KindCheckpoint;
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(1), _nextId);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(9), _highestTag);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(17), _droppedTotal);
        return body;
    }

    private static byte[] MessageBody(QueuedMessage item)
    {
        var m = item.Message;
        byte flags = 0;
        if (m.Retain) flags |= FlagRetain;
        if (m.MessageExpiryInterval is not null) flags |= FlagExpiry;
        if (m.ContentType is not null) flags |= FlagContentType;
        if (m.ResponseTopic is not null) flags |= FlagResponseTopic;
        if (m.CorrelationData is not null) flags |= FlagCorrelation;
        if (m.PayloadIsUtf8) flags |= FlagUtf8;
        var size = 1 + 8 + 8 + 8 + 1 + 1 + (m.MessageExpiryInterval is null ? 0 : 4) + Str(m.Topic) + Str(m.ContentType) +
                   Str(m.ResponseTopic) + (m.CorrelationData is null ? 0 : 2 + m.CorrelationData.Length) + 4 + m.Payload.Length;
        var body = new byte[size];
        var w = new RecordWriter(body);
        w.Byte(KindMessage);
        w.Int64(item.Id);
        w.Int64(item.Tag);
        w.Int64(item.EnqueuedAt.ToUnixTimeMilliseconds());
        w.Byte((byte)m.Qos);
        w.Byte(flags);
        if (m.MessageExpiryInterval is { } expiry) w.UInt32(expiry);
        w.String(m.Topic);
        if (m.ContentType is { } ct) w.String(ct);
        if (m.ResponseTopic is { } rt) w.String(rt);
        if (m.CorrelationData is { } cd) w.Binary(cd);
        w.UInt32((uint)m.Payload.Length);
        w.Bytes(m.Payload.Span);
        return body;

        static int Str(string? s) => s is null ? 0 : 2 + Encoding.UTF8.GetByteCount(s);
    }

    private ref struct RecordWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _at;

        public void Byte(byte v) => _buffer[_at++] = v;
        public void Int64(long v) { BinaryPrimitives.WriteInt64LittleEndian(_buffer[_at..], v); _at += 8; }
        public void UInt32(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_at..], v); _at += 4; }

        public void String(string v)
        {
            var n = Encoding.UTF8.GetBytes(v, _buffer[(_at + 2)..]);
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_at..], checked((ushort)n));
            _at += 2 + n;
        }

        public void Binary(ReadOnlySpan<byte> v)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_at..], checked((ushort)v.Length));
            _at += 2;
            Bytes(v);
        }

        public void Bytes(ReadOnlySpan<byte> v) { v.CopyTo(_buffer[_at..]); _at += v.Length; }
    }

    /// <summary>Bounds-checked little-endian reader; any overrun is <see cref="InvalidDataException"/> (a corrupt record).</summary>
    private ref struct RecordReader(ReadOnlySpan<byte> body)
    {
        private readonly ReadOnlySpan<byte> _body = body;
        private int _at;

        public readonly bool End => _at == _body.Length;
        public byte Byte() { Need(1); return _body[_at++]; }
        public long Int64() { Need(8); var v = BinaryPrimitives.ReadInt64LittleEndian(_body[_at..]); _at += 8; return v; }
        public uint UInt32() { Need(4); var v = BinaryPrimitives.ReadUInt32LittleEndian(_body[_at..]); _at += 4; return v; }

        public string String()
        {
            var bytes = Length16();
            return Encoding.UTF8.GetString(bytes);
        }

        public byte[] Binary() => Length16().ToArray();

        public byte[] Payload()
        {
            var n = UInt32();
            if (n > _body.Length - _at) throw new InvalidDataException("payload");
            var v = _body.Slice(_at, (int)n).ToArray();
            _at += (int)n;
            return v;
        }

        private ReadOnlySpan<byte> Length16()
        {
            Need(2);
            var n = BinaryPrimitives.ReadUInt16LittleEndian(_body[_at..]);
            Need(2 + n);
            var v = _body.Slice(_at + 2, n);
            _at += 2 + n;
            return v;
        }

        private readonly void Need(int n)
        {
            if (_body.Length - _at < n) throw new InvalidDataException("record too short");
        }
    }
}
