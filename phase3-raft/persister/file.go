package persister

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync"
)

// FileName is the name of the state file a File keeps in its directory.
const FileName = "raft.state"

// fileMagic starts every state file; the version is its last byte.
var fileMagic = []byte("DSWRAFT1")

// ErrCorrupt is wrapped by the error OpenFile returns when the state file is not one a File
// wrote completely (bad header, wrong lengths or checksum).
var ErrCorrupt = errors.New("persister: corrupt state file")

// File is a Persister on disk, for a Raft peer that runs as a real process: what Save returns
// from survives a kill -9 or a power cut. It implements the same methods as [Persister] (and so
// raftapi.Persister). It is safe for concurrent use.
//
// Each Save writes the Raft state and the snapshot to a temporary file in the same directory,
// fsyncs it, renames it over the state file and fsyncs the directory, so the state file is
// always either the previous save or the new one, never a mix. A Save that cannot complete
// panics: a peer must not go on after failing to keep what it promised to keep.
type File struct {
	dir string

	mu        sync.Mutex
	raftState []byte
	snapshot  []byte
}

// OpenFile returns the File kept in dir, creating dir if needed, and loads what was saved there
// before. A leftover temporary file from a save that was cut short is removed.
func OpenFile(dir string) (*File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("persister: %w", err)
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, FileName+".tmp*"))
	for _, t := range tmps {
		_ = os.Remove(t) // an unfinished save: the rename never happened
	}
	f := &File{dir: dir}
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("persister: %w", err)
	}
	f.raftState, f.snapshot, err = decodeFile(data)
	if err != nil {
		return nil, fmt.Errorf("persister: %s: %w", filepath.Join(dir, FileName), err)
	}
	return f, nil
}

// Dir returns the directory of the state file.
func (f *File) Dir() string { return f.dir }

// Save replaces the Raft state and the snapshot on disk in one atomic step and returns when
// both are durable. It keeps copies of both slices.
func (f *File) Save(raftState, snapshot []byte) {
	raftState, snapshot = bytes.Clone(raftState), bytes.Clone(snapshot)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := writeAtomic(f.dir, encodeFile(raftState, snapshot)); err != nil {
		panic(fmt.Sprintf("persister: saving to %s: %v", f.dir, err))
	}
	f.raftState, f.snapshot = raftState, snapshot
}

// ReadRaftState returns a copy of the saved Raft state; empty if nothing was saved.
func (f *File) ReadRaftState() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return bytes.Clone(f.raftState)
}

// ReadSnapshot returns a copy of the saved snapshot; empty if there is none.
func (f *File) ReadSnapshot() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return bytes.Clone(f.snapshot)
}

// RaftStateSize returns the size in bytes of the saved Raft state.
func (f *File) RaftStateSize() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.raftState)
}

// SnapshotSize returns the size in bytes of the saved snapshot.
func (f *File) SnapshotSize() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.snapshot)
}

// encodeFile lays out magic, the two lengths, the two slices and a CRC-32 of all before it.
func encodeFile(raftState, snapshot []byte) []byte {
	buf := make([]byte, 0, len(fileMagic)+16+len(raftState)+len(snapshot)+4)
	buf = append(buf, fileMagic...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(len(raftState)))
	buf = binary.BigEndian.AppendUint64(buf, uint64(len(snapshot)))
	buf = append(buf, raftState...)
	buf = append(buf, snapshot...)
	return binary.BigEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf))
}

// decodeFile is encodeFile's inverse; it rejects anything encodeFile did not write whole.
func decodeFile(data []byte) (raftState, snapshot []byte, err error) {
	head := len(fileMagic) + 16
	if len(data) < head+4 || !bytes.Equal(data[:len(fileMagic)], fileMagic) {
		return nil, nil, fmt.Errorf("%w: %d bytes, no complete header", ErrCorrupt, len(data))
	}
	ns := binary.BigEndian.Uint64(data[len(fileMagic):])
	nn := binary.BigEndian.Uint64(data[len(fileMagic)+8:])
	if uint64(len(data)) != uint64(head)+ns+nn+4 {
		return nil, nil, fmt.Errorf("%w: %d bytes, the header says %d", ErrCorrupt, len(data), uint64(head)+ns+nn+4)
	}
	body := data[:len(data)-4]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(data[len(data)-4:]) {
		return nil, nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	raftState = bytes.Clone(body[head : head+int(ns)])
	snapshot = bytes.Clone(body[head+int(ns):])
	return raftState, snapshot, nil
}

// writeAtomic replaces dir/FileName with data: temp file, fsync, rename, fsync the directory.
func writeAtomic(dir string, data []byte) (err error) {
	tmp, err := os.CreateTemp(dir, FileName+".tmp*")
	if err != nil {
		return fmt.Errorf("create temp: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("fsync: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	if err = os.Rename(tmp.Name(), filepath.Join(dir, FileName)); err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open dir: %w", err)
	}
	defer d.Close()
	if err = d.Sync(); err != nil {
		return fmt.Errorf("fsync dir: %w", err)
	}
	return nil
}
