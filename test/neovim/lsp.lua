-- Neovim (headless) as an independent LSP client of the Arabic News server: opens an article,
-- waits for diagnostics, asks for a hover and a definition, and writes what it got as JSON.
-- Driven by test/neovim/neovim.test.ts; environment: ARABIC_NEWS_SERVER, ARABIC_NEWS_ROOT,
-- ARABIC_NEWS_FILE, ARABIC_NEWS_LINE, ARABIC_NEWS_CHARACTER (0-based, UTF-16), ARABIC_NEWS_OUT.
local env = vim.env
local result = { ok = false }
local function finish()
  local f = io.open(env.ARABIC_NEWS_OUT, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.ARABIC_NEWS_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  local ready = false
  local id = vim.lsp.start_client({
    name = 'arabic-news',
    cmd = { 'node', env.ARABIC_NEWS_SERVER, '--stdio' },
    root_dir = env.ARABIC_NEWS_ROOT,
    workspace_folders = { { uri = vim.uri_from_fname(env.ARABIC_NEWS_ROOT), name = 'corpus' } },
    on_init = function() ready = true end,
  })
  vim.lsp.buf_attach_client(bufnr, id)
  result.initialized = vim.wait(30000, function() return ready end, 50)
  result.gotDiagnostics = vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, message = d.message, code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or vim.NIL })
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(env.ARABIC_NEWS_LINE), character = tonumber(env.ARABIC_NEWS_CHARACTER) },
  }
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 20000)
  local def = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', params, 20000)
  result.hover = hover and hover[id] and hover[id].result or vim.NIL
  result.definition = def and def[id] and def[id].result or vim.NIL
  result.ok = true
end)
if not ok then result.error = tostring(err) end
finish()
