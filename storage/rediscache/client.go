package rediscache

import (
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Client timeouts: with go-redis's defaults one GET took seconds (up to
// minutes) when Redis was unhealthy; with these every failure returns within
// about 300ms and the cache falls back to the store (see libraries.md).
const (
	DialTimeout  = 200 * time.Millisecond
	ReadTimeout  = 200 * time.Millisecond
	WriteTimeout = 200 * time.Millisecond
	PoolTimeout  = 300 * time.Millisecond
)

// NewClient returns a Redis client for url with the timeouts above and no
// retries:
//   - "redis://[user:password@]host:port[/db]" or "rediss://..." (TLS): one
//     server (query options as redis.ParseURL reads them);
//   - "redis://host1:port?addr=host2:port&addr=..." : a Redis Cluster, as
//     redis.ParseClusterURL reads it;
//   - a comma-separated list of URLs or host:port addresses: a Redis Cluster
//     with those seed nodes (user, password and TLS taken from the first URL).
//
// It fails with an error naming the problem when url does not parse. It does
// not connect; the first command does.
func NewClient(url string) (redis.UniversalClient, error) {
	opts, err := ParseURL(url)
	if err != nil {
		return nil, err
	}
	return redis.NewUniversalClient(opts), nil
}

// ParseURL turns a Redis URL (see NewClient) into UniversalOptions with the
// package's timeouts.
func ParseURL(url string) (*redis.UniversalOptions, error) {
	url = strings.TrimSpace(url)
	if url == "" {
		return nil, fmt.Errorf("redis url is empty")
	}
	var u *redis.UniversalOptions
	switch parts := strings.Split(url, ","); {
	case len(parts) > 1:
		u = &redis.UniversalOptions{IsClusterMode: true}
		for i, p := range parts {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if !strings.Contains(p, "://") {
				u.Addrs = append(u.Addrs, p)
				continue
			}
			o, err := redis.ParseURL(p)
			if err != nil {
				return nil, fmt.Errorf("redis url %d: %w", i+1, err)
			}
			u.Addrs = append(u.Addrs, o.Addr)
			if u.Password == "" && u.Username == "" {
				u.Username, u.Password, u.TLSConfig = o.Username, o.Password, o.TLSConfig
			}
		}
		if len(u.Addrs) == 0 {
			return nil, fmt.Errorf("redis url %q: no addresses", url)
		}
	case strings.Contains(url, "addr="):
		o, err := redis.ParseClusterURL(url)
		if err != nil {
			return nil, fmt.Errorf("redis cluster url: %w", err)
		}
		u = &redis.UniversalOptions{IsClusterMode: true, Addrs: o.Addrs,
			Username: o.Username, Password: o.Password, TLSConfig: o.TLSConfig}
	default:
		if !strings.Contains(url, "://") {
			url = "redis://" + url
		}
		o, err := redis.ParseURL(url)
		if err != nil {
			return nil, fmt.Errorf("redis url: %w", err)
		}
		u = &redis.UniversalOptions{Addrs: []string{o.Addr}, DB: o.DB,
			Username: o.Username, Password: o.Password, TLSConfig: o.TLSConfig}
	}
	u.DialTimeout = DialTimeout
	u.ReadTimeout = ReadTimeout
	u.WriteTimeout = WriteTimeout
	u.PoolTimeout = PoolTimeout
	u.MaxRetries = -1
	u.ContextTimeoutEnabled = true
	return u, nil
}
